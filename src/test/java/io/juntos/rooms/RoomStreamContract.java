package io.juntos.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rooms with real WebSocket clients: the room stream, resume, corrections, the host view and the chat. SQLite and PostgreSQL. */
abstract class RoomStreamContract extends RoomFixture {

    static boolean state(JsonNode f, String state) {
        return f.path("type").asText().equals("room.state") && f.path("data").path("playback").path("state").asText().equals(state);
    }

    @Test
    void everyMemberReceivesPlaybackChangesInOrder() {
        Account host = api.signup("host"), a = api.signup("a"), b = api.signup("b");
        String id = room(host, "host", a, b);
        addUrl(host, id, "https://example.org/a.mp4");
        try (var wh = watching(host, id); var wa = watching(a, id); var wb = watching(b, id)) {
            JsonNode ack = wh.ack("room.playback", Map.of("roomId", id, "action", "play"));
            assertThat(ack.path("playback").path("state").asText()).isEqualTo("playing");
            playback(host, id, "action", "seek", "position", 30);
            playback(host, id, "action", "pause");
            for (WsTestClient ws : List.of(wh, wa, wb)) {
                ws.await(f -> state(f, "paused"));
                List<JsonNode> states = ws.events("room.state");
                assertThat(states.stream().map(f -> f.path("data").path("playback").path("state").asText()).toList()).containsExactly("playing", "playing", "paused");
                assertThat(states.get(1).path("data").path("playback").path("position").asDouble()).isEqualTo(30.0);
                List<Long> seqs = states.stream().map(f -> f.path("data").path("seq").asLong()).toList();
                assertThat(seqs).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void nonControllerFrameIsRefusedWithNotControllerAndChangesNothing() {
        Account host = api.signup("host"), guest = api.signup("guest"), stranger = api.signup("stranger");
        String id = room(host, "host", guest);
        addUrl(host, id, "https://example.org/a.mp4");
        long before = version(host, id);
        try (var wg = watching(guest, id); var ws = live(stranger)) {
            JsonNode refused = wg.call("room.playback", Map.of("roomId", id, "action", "play"));
            assertThat(refused.path("type").asText()).isEqualTo("error");
            assertThat(refused.path("code").asText()).isEqualTo("not_controller");
            Map<String, Map<String, Object>> frames = Map.of("room.subscribe", Map.of("roomId", id), "room.playback", Map.of("roomId", id, "action", "play"),
                    "room.report", Map.of("roomId", id, "itemId", "x", "position", 1), "room.unsubscribe", Map.of("roomId", id));
            for (var e : frames.entrySet()) {
                String type = e.getKey();
                JsonNode f = ws.call(type, e.getValue());
                assertThat(f.path("type").asText()).as(type).isEqualTo("error");
                assertThat(f.path("code").asText()).as(type).isIn("not_found", "not_subscribed");
            }
            assertThat(ws.call("room.subscribe", Map.of("roomId", "../etc")).path("code").asText()).isEqualTo("not_found");
            JsonNode bad = wg.call("room.report", Map.of("roomId", id, "itemId", "x", "position", -3));
            assertThat(bad.path("type").asText()).isEqualTo("error");
        }
        assertThat(version(host, id)).isEqualTo(before);
    }

    @Test
    void reconnectingMemberReplaysWhatItMissedAndLandsOnTheCurrentState() {
        Account host = api.signup("host"), a = api.signup("a");
        String id = room(host, "host", a);
        addUrl(host, id, "https://example.org/a.mp4");
        long seen;
        try (var wa = watching(a, id)) {
            playback(host, id, "action", "play");
            seen = wa.await(f -> state(f, "playing")).path("data").path("seq").asLong();
        }
        playback(host, id, "action", "seek", "position", 42);
        addUrl(host, id, "https://example.org/b.mp4");
        playback(host, id, "action", "pause", "position", 43.5);
        try (var wa = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            // The generic resume names the room's stream like any other.
            JsonNode ack = wa.ack("resume", Map.of("streams", Map.of("room." + id, seen)));
            JsonNode stream = ack.path("streams").get(0);
            assertThat(stream.path("status").asText()).isEqualTo("replayed");
            assertThat(stream.path("fromSeq").asLong()).isEqualTo(seen + 1);
            List<String> types = wa.frames(f -> f.path("type").asText().startsWith("room.") && f.path("data").has("seq"))
                    .stream().map(f -> f.path("type").asText()).toList();
            assertThat(types).containsExactly("room.state", "room.queue", "room.state");
            assertThat(wa.events("room.state").getLast().path("data").path("seq").asLong()).isEqualTo(stream.path("toSeq").asLong());
            JsonNode sub = wa.ack("room.subscribe", Map.of("roomId", id));
            assertThat(sub.path("seq").asLong()).isEqualTo(stream.path("toSeq").asLong());
            assertThat(sub.path("playback").path("state").asText()).isEqualTo("paused");
            assertThat(sub.path("playback").path("position").asDouble()).isEqualTo(43.5);
        }
    }

    @Test
    void driftingConnectionAloneGetsCorrections() {
        Account host = api.signup("host"), a = api.signup("a");
        String id = room(host, "host", a);
        JsonNode item = addUrl(host, id, "https://example.org/a.mp4").get(0);
        playback(host, id, "action", "play", "position", 10);
        try (var wh = watching(host, id); var wa = watching(a, id)) {
            // Corrections wait out the cooldown after the last state change (every client seeks on its own then).
            sleep(1600);
            JsonNode p = details(a, id).path("playback");
            long now = wa.ack("room.clock", Map.of()).path("serverTime").asLong();
            double expected = p.path("position").asDouble() + (now - p.path("atMs").asLong()) / 1000.0;
            wa.ack("room.report", Map.of("roomId", id, "itemId", item.path("id").asText(), "position", expected - 2.0, "playing", true, "buffering", false, "at", now));
            JsonNode seek = wa.awaitEvent("room.correction", d -> true);
            assertThat(seek.path("kind").asText()).isEqualTo("seek");
            assertThat(seek.path("driftMs").asDouble()).isBetween(-2300.0, -1700.0);
            sleep(1600);
            now = wh.ack("room.clock", Map.of()).path("serverTime").asLong();
            expected = p.path("position").asDouble() + (now - p.path("atMs").asLong()) / 1000.0;
            wh.ack("room.report", Map.of("roomId", id, "itemId", item.path("id").asText(), "position", expected + 0.1, "playing", true, "buffering", false, "at", now));
            JsonNode rate = wh.awaitEvent("room.correction", d -> true);
            assertThat(rate.path("kind").asText()).isEqualTo("rate");
            assertThat(rate.path("rate").asDouble()).isLessThan(1.0).isGreaterThanOrEqualTo(0.95);
            wh.ack("room.clock", Map.of()); // sentinel: anything for a meant a would have arrived before this ack
            assertThat(wa.events("room.correction")).hasSize(1);
        }
    }

    @Test
    void hostSeesEachMembersDriftAndBufferingLive() {
        Account host = api.signup("host"), a = api.signup("a");
        String id = room(host, "host", a);
        JsonNode item = addUrl(host, id, "https://example.org/a.mp4").get(0);
        try (var wh = watching(host, id); var wa = watching(a, id)) {
            long now = wa.ack("room.clock", Map.of()).path("serverTime").asLong();
            wa.ack("room.report", Map.of("roomId", id, "itemId", item.path("id").asText(), "position", 0.25, "playing", false, "buffering", true, "at", now));
            JsonNode view = wh.await(f -> f.path("type").asText().equals("room.members")
                    && f.path("data").path("members").findValuesAsText("userId").contains(a.id())
                    && f.toString().contains("\"buffering\":true"), Duration.ofSeconds(5)).path("data");
            JsonNode mine = null;
            for (JsonNode m : view.path("members")) if (m.path("userId").asText().equals(a.id())) mine = m;
            assertThat(mine.path("driftMs").asDouble()).isEqualTo(250.0);
            assertThat(mine.path("connected").asBoolean()).isTrue();
            wh.ack("room.clock", Map.of());
            assertThat(wa.events("room.members")).as("only the host gets the host view").isEmpty();
        }
    }

    @Test
    void waitRoomHoldsForABufferingMemberThenPlaysOn() {
        Account host = api.signup("host"), a = api.signup("a");
        String id = room(host, "host", a);
        JsonNode item = addUrl(host, id, "https://example.org/a.mp4").get(0);
        playback(host, id, "action", "play");
        try (var wh = watching(host, id); var wa = watching(a, id)) {
            Map<String, Object> buffering = Map.of("roomId", id, "itemId", item.path("id").asText(), "position", 0.5, "playing", false, "buffering", true);
            wa.ack("room.report", buffering);
            sleep(1100);
            wa.ack("room.report", buffering);
            JsonNode waiting = wh.await(f -> state(f, "buffering")).path("data").path("playback");
            assertThat(waiting.path("waitingFor").toString()).isNotEqualTo("[]");
            wa.ack("room.report", Map.of("roomId", id, "itemId", item.path("id").asText(), "position", waiting.path("position").asDouble(),
                    "playing", false, "buffering", false));
            JsonNode resumed = wh.await(f -> state(f, "playing") && f.path("data").path("playback").path("version").asLong() > waiting.path("version").asLong())
                    .path("data").path("playback");
            assertThat(resumed.path("position").asDouble()).isEqualTo(waiting.path("position").asDouble());
        }
    }

    @Test
    void chatMessageCarriesTheVideoPositionItWasWrittenAt() {
        Account host = api.signup("host"), a = api.signup("a");
        String id = room(host, "host", a);
        JsonNode item = addUrl(host, id, "https://example.org/a.mp4").get(0);
        String conv = details(a, id).path("room").path("conversationId").asText();
        try (var wh = watching(host, id)) {
            Map<String, Object> body = Map.of("clientMsgId", "m-1", "text", "look at this 😮", "position", 83.25, "itemId", item.path("id").asText());
            Api.Res sent = as(a).post("/api/rooms/" + id + "/messages", body);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
            String msgId = sent.json().path("message").path("id").asText();
            JsonNode created = wh.awaitEvent("message.created", d -> d.path("message").path("id").asText().equals(msgId));
            assertThat(created.path("message").path("conversationId").asText()).isEqualTo(conv);
            JsonNode anchor = wh.awaitEvent("room.anchor", d -> d.path("messageId").asText().equals(msgId));
            assertThat(anchor.path("position").asDouble()).isEqualTo(83.25);
            assertThat(as(a).post("/api/rooms/" + id + "/messages", body).json().path("message").path("id").asText()).as("a retry").isEqualTo(msgId);
            JsonNode anchors = details(host, id).path("anchors");
            assertThat(anchors).hasSize(1);
            assertThat(anchors.get(0).path("messageId").asText()).isEqualTo(msgId);
            assertThat(as(host).get("/api/conversations/" + conv + "/messages").json().path("items").findValuesAsText("text")).containsExactly("look at this 😮");
            Api.Res bad = as(a).post("/api/rooms/" + id + "/messages", Map.of("clientMsgId", "m-2", "text", "x", "position", -1));
            assertThat(bad.json().path("errors").findValuesAsText("field")).containsExactly("position");
        }
    }

    @Test
    void removedMemberStopsFollowingTheRoomStream() {
        Account host = api.signup("host"), a = api.signup("a");
        String id = room(host, "host", a);
        addUrl(host, id, "https://example.org/a.mp4");
        try (var wa = watching(a, id)) {
            assertThat(as(host).delete("/api/rooms/" + id + "/members/" + a.id()).status()).isEqualTo(204);
            wa.awaitEvent("room.left", d -> d.path("roomId").asText().equals(id));
            playback(host, id, "action", "play");
            wa.ack("room.clock", Map.of());
            assertThat(wa.frames(f -> state(f, "playing"))).isEmpty();
            assertThat(wa.call("room.subscribe", Map.of("roomId", id)).path("code").asText()).isEqualTo("not_found");
        }
    }

    static boolean presence(JsonNode f, String roomId, List<String> online) {
        if (!f.path("type").asText().equals("room.presence") || !f.path("data").path("roomId").asText().equals(roomId)) return false;
        List<String> got = new java.util.ArrayList<>();
        f.path("data").path("online").forEach(u -> got.add(u.asText()));
        return got.size() == online.size() && got.containsAll(online);
    }

    @Test
    void watchersSeeWhoIsWatchingLiveIncludingThemselves() {
        Account host = api.signup("host"), guest = api.signup("guest"), other = api.signup("other");
        String id = room(host, "host", guest, other);
        try (var wh = watching(host, id)) {
            WsTestClient wg = live(guest);
            JsonNode ack = wg.ack("room.subscribe", Map.of("roomId", id));
            List<String> seen = new java.util.ArrayList<>();
            ack.path("online").forEach(u -> seen.add(u.asText()));
            assertThat(seen).as("the guest sees himself watching").containsExactlyInAnyOrder(host.id(), guest.id());
            wh.await(f -> presence(f, id, List.of(host.id(), guest.id())), Duration.ofSeconds(5));
            wg.await(f -> presence(f, id, List.of(host.id(), guest.id())), Duration.ofSeconds(5));
            try (var wo = live(other)) {
                wg.close();
                wh.await(f -> presence(f, id, List.of(host.id())), Duration.ofSeconds(5));
                wo.ack("room.clock", Map.of()); // sentinel: a member who is not watching gets no presence
                assertThat(wo.events("room.presence")).isEmpty();
            }
        }
    }

    @Test
    void removedMemberCanNoLongerWriteInTheRoomChatEvenRightAfterWritingThere() {
        Account host = api.signup("host"), a = api.signup("a");
        String id = room(host, "host", a);
        String conv = details(a, id).path("room").path("conversationId").asText();
        // A first send makes the server remember that a is a member of the chat (membership cache)...
        Api.Res first = as(a).post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", "c-1", "text", "hi"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(as(host).delete("/api/rooms/" + id + "/members/" + a.id()).status()).isEqualTo(204);
        // ...which the removal must end at once, not when the cached answer expires.
        Api.Res after = as(a).post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", "c-2", "text", "still here?"));
        assertThat(after.status()).as(after.toString()).isEqualTo(404);
        assertThat(as(host).get("/api/conversations/" + conv + "/messages").json().path("items").findValuesAsText("text")).containsExactly("hi");
    }

    @Test
    void clockAnswersTheServerTime() {
        Account a = api.signup("a");
        try (var ws = live(a)) {
            long before = System.currentTimeMillis();
            long t = ws.ack("room.clock", Map.of("clientTime", before)).path("serverTime").asLong();
            assertThat(t).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
