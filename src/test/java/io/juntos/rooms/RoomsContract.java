package io.juntos.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.WsTestClient;
import io.juntos.testing.Api.Account;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rooms over REST: links, membership, roles, control policies, the queue and bad input. SQLite and PostgreSQL. */
abstract class RoomsContract extends RoomFixture {

    @Test
    void hostCreatesARoomAndAFriendPreviewsAndJoinsByLink() {
        Account host = api.signup("host"), friend = api.signup("friend");
        JsonNode c = create(host, "name", "Film club", "message", "Bring popcorn 🍿");
        assertThat(c.path("joinLink").asText()).matches("http://localhost:8080/r/[A-Za-z0-9_-]{43}");
        JsonNode room = c.path("room");
        assertThat(room.path("controlPolicy").asText()).isEqualTo("host");
        assertThat(room.path("maxMembers").asInt()).isEqualTo(8);
        assertThat(room.path("role").asText()).isEqualTo("host");

        JsonNode preview = as(friend).get("/api/rooms/join/" + token(c)).json();
        assertThat(preview.path("name").asText()).isEqualTo("Film club");
        assertThat(preview.path("message").asText()).isEqualTo("Bring popcorn 🍿");
        assertThat(preview.path("host").path("username").asText()).isEqualTo(host.username());
        assertThat(preview.path("memberCount").asInt()).isEqualTo(1);
        assertThat(preview.path("full").asBoolean()).isFalse();
        assertThat(api.get("/api/rooms/join/" + token(c)).status()).as("signed out").isEqualTo(401);

        assertThat(as(friend).post("/api/rooms/join/" + token(c), Map.of()).status()).isEqualTo(201);
        assertThat(as(friend).post("/api/rooms/join/" + token(c), Map.of()).status()).as("again: already in").isEqualTo(200);
        JsonNode d = details(friend, room.path("id").asText());
        assertThat(d.path("members")).hasSize(2);
        assertThat(d.path("members").findValuesAsText("role")).containsExactly("host", "member");
        assertThat(d.path("playback").path("state").asText()).isEqualTo("paused");
        assertThat(as(friend).get("/api/rooms").json().path("items").get(0).path("id").asText()).isEqualTo(room.path("id").asText());
    }

    @Test
    void joinLinkRedirectsTheBrowserToTheWebClient() throws Exception {
        Account host = api.signup("host");
        String t = token(create(host));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/r/" + t)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/#/r/" + t);
    }

    @Test
    void regeneratedLinkStopsTheOldOneWith404() {
        Account host = api.signup("host"), late = api.signup("late");
        JsonNode c = create(host);
        String roomId = c.path("room").path("id").asText();
        Api.Res fresh = as(host).post("/api/rooms/" + roomId + "/link", Map.of());
        assertThat(fresh.status()).isEqualTo(200);
        String newToken = fresh.json().path("joinLink").asText().replaceFirst(".*/r/", "");
        assertThat(newToken).isNotEqualTo(token(c));
        assertThat(as(late).get("/api/rooms/join/" + token(c)).status()).isEqualTo(404);
        assertThat(as(late).post("/api/rooms/join/" + token(c), Map.of()).status()).isEqualTo(404);
        assertThat(as(late).post("/api/rooms/join/" + newToken, Map.of()).status()).isEqualTo(201);
        assertThat(as(late).post("/api/rooms/" + roomId + "/link", Map.of()).code()).as("only the host").isEqualTo("not_host");
    }

    @Test
    void expiredLinkIsRefusedWith410AndJoinsNobody() throws Exception {
        Account host = api.signup("host"), late = api.signup("late");
        JsonNode c = create(host, "linkExpiresAt", clock.instant().plusSeconds(60).toString());
        clock.advance(java.time.Duration.ofSeconds(61)); // the server's own clock decides expiry
        Api.Res preview = as(late).get("/api/rooms/join/" + token(c));
        assertThat(preview.status()).isEqualTo(410);
        assertThat(preview.code()).isEqualTo("link_expired");
        assertThat(as(late).post("/api/rooms/join/" + token(c), Map.of()).code()).isEqualTo("link_expired");
        assertThat(details(host, c.path("room").path("id").asText()).path("members")).hasSize(1);
        assertThat(as(host).post("/api/rooms", Map.of("name", "x", "linkExpiresAt", "2001-01-01T00:00:00Z")).json().path("errors").toString())
                .contains("linkExpiresAt");
    }

    @Test
    void fullRoomRefusesTheNextJoinWith409() {
        Account host = api.signup("host"), a = api.signup("a"), b = api.signup("b");
        JsonNode c = create(host, "maxMembers", 2);
        assertThat(as(a).post("/api/rooms/join/" + token(c), Map.of()).status()).isEqualTo(201);
        assertThat(as(b).get("/api/rooms/join/" + token(c)).json().path("full").asBoolean()).isTrue();
        Api.Res r = as(b).post("/api/rooms/join/" + token(c), Map.of());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.code()).isEqualTo("room_full");
        assertThat(details(host, c.path("room").path("id").asText()).path("members")).hasSize(2);
    }

    @Test
    void hostInvitesByUsernameAndTheInviteeIsInAtOnceWithAUserEvent() {
        Account host = api.signup("host"), guest = api.signup("guest");
        String id = room(host, "host");
        try (WsTestClient tab = live(guest)) {
            Api.Res r = as(host).post("/api/rooms/" + id + "/invites", Map.of("username", guest.username()));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            assertThat(r.json().path("member").path("user").path("id").asText()).isEqualTo(guest.id());
            assertThat(r.json().path("member").path("role").asText()).isEqualTo("member");
            JsonNode ev = tab.awaitEvent("room.invited", d -> d.path("room").path("id").asText().equals(id));
            assertThat(ev.path("invitedBy").path("id").asText()).isEqualTo(host.id());
            // The invitee's socket follows the room's stream at once: a playback change reaches it.
            addUrl(host, id, "https://example.org/a.mp4");
            playback(host, id, "action", "play");
            tab.awaitEvent("room.state", d -> d.path("roomId").asText().equals(id) && d.path("playback").path("state").asText().equals("playing"));
        }
        assertThat(details(guest, id).path("members").findValuesAsText("username")).contains(guest.username());
        assertThat(as(guest).get("/api/rooms").json().path("items").findValuesAsText("id")).contains(id);
    }

    @Test
    void badInvitesAreRefusedWithTheirCodesAndAddNobody() {
        Account host = api.signup("host"), member = api.signup("member"), stranger = api.signup("stranger"), other = api.signup("other");
        JsonNode c = create(host, "maxMembers", 2);
        String id = c.path("room").path("id").asText();
        assertThat(as(member).post("/api/rooms/join/" + token(c), Map.of()).status()).isEqualTo(201);
        String path = "/api/rooms/" + id + "/invites";
        Api.Res missing = as(host).post(path, Map.of());
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().path("errors").findValuesAsText("field")).contains("username");
        Api.Res unknown = as(host).post(path, Map.of("username", "nobody-" + UUID.randomUUID().toString().substring(0, 6)));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().path("errors").findValuesAsText("code")).contains("unknown_user");
        Api.Res already = as(host).post(path, Map.of("username", member.username()));
        assertThat(already.status()).isEqualTo(409);
        assertThat(already.code()).isEqualTo("already_member");
        Api.Res full = as(host).post(path, Map.of("username", other.username()));
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.code()).isEqualTo("room_full");
        Api.Res notHost = as(member).post(path, Map.of("username", other.username()));
        assertThat(notHost.status()).isEqualTo(403);
        assertThat(as(stranger).post(path, Map.of("username", other.username())).status()).isEqualTo(404);
        assertThat(as(host).post("/api/rooms/01ARZ3NDEKTSV4RRFFQ69G5FAV/invites", Map.of("username", other.username())).status()).isEqualTo(404);
        assertThat(details(host, id).path("members")).hasSize(2);
    }

    @Test
    void badSettingsAreRefusedWithTheirFields() {
        Account host = api.signup("host");
        Api.Res r = as(host).post("/api/rooms", Map.of("name", "", "message", "x".repeat(501), "controlPolicy", "anyone", "maxMembers", 51));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").findValuesAsText("field")).contains("name", "message", "controlPolicy", "maxMembers");
        assertThat(as(host).post("/api/rooms", Map.of("name", "x", "maxMembers", 1)).status()).isEqualTo(422);
        assertThat(as(host).get("/api/rooms").json().path("items")).isEmpty();
    }

    @Test
    void strangersGet404ForEveryRoomEndpoint() {
        Account host = api.signup("host"), stranger = api.signup("stranger");
        String id = room(host, "everyone");
        Api s = as(stranger);
        List<Api.Res> answers = new ArrayList<>(List.of(
                s.get("/api/rooms/" + id), s.raw("PATCH", "/api/rooms/" + id, "application/json", "{\"name\":\"mine\"}".getBytes()),
                s.delete("/api/rooms/" + id), s.post("/api/rooms/" + id + "/leave", Map.of()),
                s.post("/api/rooms/" + id + "/playback", Map.of("action", "play")),
                s.post("/api/rooms/" + id + "/queue", Map.of("url", "https://example.org/v.mp4")),
                s.post("/api/rooms/" + id + "/messages", Map.of("clientMsgId", "x1", "text", "hi")),
                s.get("/api/rooms/01ARZ3NDEKTSV4RRFFQ69G5FAV"), s.get("/api/rooms/not-an-id")));
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(404));
        assertThat(details(host, id).path("room").path("name").asText()).startsWith("Movie night");
    }

    @Test
    void hostPolicyLetsOnlyTheHostControlEveryAction() {
        Account host = api.signup("host"), guest = api.signup("guest");
        String id = room(host, "host", guest);
        addUrl(host, id, "https://example.org/a.mp4");
        JsonNode items = addUrl(host, id, "https://example.org/b.mp4");
        long before = version(host, id);
        List<Api.Res> refused = List.of(
                playback(guest, id, "action", "play"), playback(guest, id, "action", "pause"),
                playback(guest, id, "action", "seek", "position", 5), playback(guest, id, "action", "rate", "rate", 1.5),
                playback(guest, id, "action", "next"),
                as(guest).post("/api/rooms/" + id + "/queue", Map.of("url", "https://example.org/c.mp4")),
                as(guest).delete("/api/rooms/" + id + "/queue/" + items.get(0).path("id").asText()),
                as(guest).put("/api/rooms/" + id + "/queue", Map.of("order", List.of(items.get(1).path("id").asText(), items.get(0).path("id").asText()))));
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("not_controller");
        });
        assertThat(version(host, id)).isEqualTo(before);
        assertThat(details(host, id).path("queue")).hasSize(2);
        assertThat(playback(host, id, "action", "play").status()).isEqualTo(200);
    }

    @Test
    void controllersPolicyLetsTheChosenMembersControlAndNobodyElse() {
        Account host = api.signup("host"), chosen = api.signup("chosen"), other = api.signup("other");
        String id = room(host, "controllers", chosen, other);
        addUrl(host, id, "https://example.org/a.mp4");
        assertThat(playback(chosen, id, "action", "play").code()).isEqualTo("not_controller");
        Api.Res set = as(host).put("/api/rooms/" + id + "/controllers", Map.of("userIds", List.of(chosen.id())));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(as(chosen).put("/api/rooms/" + id + "/controllers", Map.of("userIds", List.of())).code()).isEqualTo("not_host");
        assertThat(playback(chosen, id, "action", "play").status()).isEqualTo(200);
        assertThat(playback(chosen, id, "action", "seek", "position", 3).status()).isEqualTo(200);
        assertThat(as(chosen).post("/api/rooms/" + id + "/queue", Map.of("url", "https://example.org/b.mp4")).status()).isEqualTo(201);
        assertThat(playback(other, id, "action", "pause").code()).isEqualTo("not_controller");
        assertThat(as(other).post("/api/rooms/" + id + "/queue", Map.of("url", "https://example.org/c.mp4")).code()).isEqualTo("not_controller");
        assertThat(as(host).put("/api/rooms/" + id + "/controllers", Map.of("userIds", List.of("01ARZ3NDEKTSV4RRFFQ69G5FAV"))).status()).isEqualTo(422);
    }

    @Test
    void everyonePolicyLetsAnyMemberControl() {
        Account host = api.signup("host"), guest = api.signup("guest");
        String id = room(host, "everyone", guest);
        addUrl(guest, id, "https://example.org/a.mp4");
        assertThat(playback(guest, id, "action", "play").status()).isEqualTo(200);
        assertThat(playback(guest, id, "action", "rate", "rate", 0.5).json().path("playback").path("rate").asDouble()).isEqualTo(0.5);
        assertThat(as(guest).raw("PATCH", "/api/rooms/" + id, "application/json", "{\"name\":\"mine\"}".getBytes()).code()).as("settings stay the host's").isEqualTo("not_host");
    }

    @Test
    void badPlaybackInputIsRefusedWithTheFieldAndChangesNothing() {
        Account host = api.signup("host");
        String id = room(host, "host");
        assertThat(playback(host, id, "action", "play").json().path("errors").findValuesAsText("code")).containsExactly("queue_empty");
        addUrl(host, id, "https://example.org/a.mp4");
        long before = version(host, id);
        assertThat(playback(host, id, "action", "seek", "position", -1).json().path("errors").findValuesAsText("field")).containsExactly("position");
        assertThat(playback(host, id, "action", "seek").status()).isEqualTo(422);
        assertThat(playback(host, id, "action", "rate", "rate", 0.2).json().path("errors").findValuesAsText("field")).containsExactly("rate");
        assertThat(playback(host, id, "action", "rate", "rate", 2.5).status()).isEqualTo(422);
        assertThat(playback(host, id, "action", "rewind").status()).isEqualTo(422);
        Api.Res nan = as(host).raw("POST", "/api/rooms/" + id + "/playback", "application/json", "{\"action\":\"seek\",\"position\":NaN}".getBytes());
        assertThat(nan.status()).as(nan.toString()).isBetween(400, 422);
        Api.Res nanText = as(host).post("/api/rooms/" + id + "/playback", Map.of("action", "seek", "position", "NaN"));
        assertThat(nanText.status()).as(nanText.toString()).isBetween(400, 422);
        assertThat(version(host, id)).isEqualTo(before);
    }

    @Test
    void queueTakesFileUrlsAndYoutubeLinksAndRefusesEverythingElse() {
        Account host = api.signup("host");
        String id = room(host, "host");
        JsonNode items = addUrl(host, id, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10");
        addUrl(host, id, "https://youtu.be/9bZkp7q19f0");
        items = addUrl(host, id, "http://cdn.example.org/films/trailer.webm");
        assertThat(items.findValuesAsText("kind")).containsExactly("youtube", "youtube", "url");
        assertThat(items.findValuesAsText("source")).containsExactly("dQw4w9WgXcQ", "9bZkp7q19f0", "http://cdn.example.org/films/trailer.webm");
        assertThat(items.get(2).path("title").asText()).isEqualTo("trailer.webm");
        for (String bad : List.of("ftp://example.org/a.mp4", "javascript:alert(1)", "https://www.youtube.com/watch?v=short", "file:///etc/passwd", "not a url")) {
            Api.Res r = as(host).post("/api/rooms/" + id + "/queue", Map.of("url", bad));
            assertThat(r.status()).as(bad).isEqualTo(422);
            assertThat(r.json().path("errors").findValuesAsText("field")).as(bad).containsExactly("url");
        }
        assertThat(details(host, id).path("queue")).hasSize(3);
        // The first item was loaded, paused at 0.
        assertThat(details(host, id).path("playback").path("item").path("source").asText()).isEqualTo("dQw4w9WgXcQ");
    }

    @Test
    void queueReordersRemovesAndMovesPlaybackOnWhenTheCurrentItemGoes() {
        Account host = api.signup("host");
        String id = room(host, "host");
        addUrl(host, id, "https://example.org/1.mp4");
        addUrl(host, id, "https://example.org/2.mp4");
        JsonNode items = addUrl(host, id, "https://example.org/3.mp4");
        String one = items.get(0).path("id").asText(), two = items.get(1).path("id").asText(), three = items.get(2).path("id").asText();
        Api.Res re = as(host).put("/api/rooms/" + id + "/queue", Map.of("order", List.of(three, one, two)));
        assertThat(re.json().path("items").findValuesAsText("id")).containsExactly(three, one, two);
        assertThat(as(host).put("/api/rooms/" + id + "/queue", Map.of("order", List.of(three, one))).code()).isEqualTo("validation_failed");
        playback(host, id, "action", "play");
        Api.Res rm = as(host).delete("/api/rooms/" + id + "/queue/" + one);
        assertThat(rm.json().path("items").findValuesAsText("id")).containsExactly(three, two);
        JsonNode p = details(host, id).path("playback");
        assertThat(p.path("item").path("id").asText()).as("the current item went: the next one plays").isEqualTo(two);
        assertThat(p.path("state").asText()).isEqualTo("playing");
        assertThat(playback(host, id, "action", "next").json().path("playback").path("state").asText()).as("end of queue").isEqualTo("paused");
        assertThat(as(host).delete("/api/rooms/" + id + "/queue/" + one).status()).isEqualTo(404);
    }

    @Test
    void uploadedVideosMustBeReadyVideosOfTheCaller() throws Exception {
        Account host = api.signup("host");
        String id = room(host, "host");
        String pending = as(host).post("/api/media/uploads", Map.of("fileName", "film.mp4", "contentType", "video/mp4", "size", 1000)).json().path("mediaId").asText();
        Api.Res notReady = as(host).post("/api/rooms/" + id + "/queue", Map.of("mediaId", pending));
        assertThat(notReady.status()).isEqualTo(422);
        assertThat(notReady.json().path("errors").toString()).contains("\"field\":\"mediaId\"").contains("media_not_ready");
        Api.Res t = as(host).post("/api/media/uploads", Map.of("fileName", "p.png", "contentType", "image/png", "size", png().length));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(t.json().path("uploadUrl").asText()))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png())).build(), HttpResponse.BodyHandlers.discarding());
        as(host).post("/api/media/" + t.json().path("mediaId").asText() + "/complete", Map.of());
        Api.Res image = as(host).post("/api/rooms/" + id + "/queue", Map.of("mediaId", t.json().path("mediaId").asText()));
        assertThat(image.json().path("errors").toString()).contains("not_a_video");
        assertThat(details(host, id).path("queue")).isEmpty();
    }

    private static byte[] png() throws java.io.IOException {
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void hostLeavingHandsTheRoomOverAndActivityRecordsIt() {
        Account host = api.signup("host"), heir = api.signup("heir");
        String id = room(host, "host", heir);
        assertThat(as(host).post("/api/rooms/" + id + "/leave", Map.of()).status()).isEqualTo(204);
        JsonNode d = details(heir, id);
        assertThat(d.path("members")).hasSize(1);
        assertThat(d.path("room").path("hostId").asText()).isEqualTo(heir.id());
        assertThat(as(host).get("/api/rooms/" + id).status()).isEqualTo(404);
        assertThat(as(host).get("/api/activity").json().path("items").findValuesAsText("kind")).contains("room.create", "room.leave");
        assertThat(as(heir).get("/api/activity").json().path("items").findValuesAsText("kind")).contains("room.join", "room.host");
        assertThat(as(heir).post("/api/rooms/" + id + "/leave", Map.of()).status()).as("the last one out").isEqualTo(204);
        assertThat(as(heir).get("/api/rooms").json().path("items")).isEmpty();
    }

    @Test
    void hostMakesSomeoneElseHostRemovesMembersAndDeletes() {
        Account host = api.signup("host"), a = api.signup("a"), b = api.signup("b");
        String id = room(host, "host", a, b);
        assertThat(as(a).delete("/api/rooms/" + id + "/members/" + b.id()).code()).isEqualTo("not_host");
        assertThat(as(host).delete("/api/rooms/" + id + "/members/" + b.id()).status()).isEqualTo(204);
        assertThat(as(b).get("/api/rooms/" + id).status()).isEqualTo(404);
        assertThat(as(host).post("/api/rooms/" + id + "/host", Map.of("userId", a.id())).status()).isEqualTo(204);
        assertThat(details(a, id).path("room").path("role").asText()).isEqualTo("host");
        assertThat(details(host, id).path("room").path("role").asText()).isEqualTo("controller");
        assertThat(as(host).delete("/api/rooms/" + id).code()).isEqualTo("not_host");
        Api.Res patch = as(a).raw("PATCH", "/api/rooms/" + id, "application/json", "{\"name\":\"Renamed\",\"waitPolicy\":\"continue\"}".getBytes());
        assertThat(patch.json().path("room").path("name").asText()).isEqualTo("Renamed");
        assertThat(as(a).delete("/api/rooms/" + id).status()).isEqualTo(204);
        assertThat(as(a).get("/api/rooms/" + id).status()).isEqualTo(404);
    }
}
