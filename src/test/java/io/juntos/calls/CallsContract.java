package io.juntos.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api.Account;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls over real sockets, on SQLite and PostgreSQL: who may join and signal, where signals go,
 * ringing on every device, decline, missed calls on the test clock, caps, and dropped devices.
 */
abstract class CallsContract extends CallFixture {

    @Test
    void nonMemberCannotSeeJoinStartOrSignalACall() {
        Account ana = api.signup("ana"), bia = api.signup("bia"), eve = api.signup("eve");
        String conv = group(ana, bia);
        Device a = device(ana), e = device(eve);
        String callId = a.ack("call.start", "scope", "conversation", "id", conv).path("call").path("id").asText();

        assertThat(e.call("call.get", "scope", "conversation", "id", conv).path("code").asText()).isEqualTo("not_found");
        assertThat(e.call("call.start", "scope", "conversation", "id", conv).path("code").asText()).isEqualTo("not_found");
        assertThat(e.call("call.join", "callId", callId).path("code").asText()).isEqualTo("not_found");
        assertThat(e.call("call.offer", "callId", callId, "to", a.connectionId(), "sdp", "v=0").path("code").asText()).isEqualTo("not_found");
        assertThat(e.call("call.ice", "callId", callId, "to", a.connectionId(), "candidate", m("candidate", "candidate:1 1 udp 1 1.2.3.4 5 typ host"))
                .path("code").asText()).isEqualTo("not_found");
        // A member who has not joined may not signal either: only participants talk to participants.
        Device b = device(bia);
        assertThat(b.call("call.offer", "callId", callId, "to", a.connectionId(), "sdp", "v=0").path("code").asText()).isEqualTo("not_found");

        a.ws().sync(); // sentinel: every frame queued for ana before this answer has arrived
        assertThat(a.ws().events("call.offer")).isEmpty();
        assertThat(a.ws().events("call.ice")).isEmpty();
        assertThat(e.ws().events("call.state")).as("an outsider hears nothing of the call").isEmpty();
    }

    @Test
    void signalsReachOnlyTheNamedConnection() {
        Account ana = api.signup("ana"), bia = api.signup("bia"), cai = api.signup("cai");
        String conv = group(ana, bia, cai);
        Device a1 = device(ana), a2 = device(ana), b1 = device(bia), b2 = device(bia), c = device(cai);
        String callId = a1.ack("call.start", "scope", "conversation", "id", conv, "video", true).path("call").path("id").asText();
        b1.ack("call.join", "callId", callId, "video", true);
        c.ack("call.join", "callId", callId);

        a1.ack("call.offer", "callId", callId, "to", b1.connectionId(), "sdp", "v=0 offer-for-b1");
        a1.ack("call.ice", "callId", callId, "to", b1.connectionId(), "candidate",
                m("candidate", "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host", "sdpMid", "0", "sdpMLineIndex", 0));
        b1.ack("call.answer", "callId", callId, "to", a1.connectionId(), "sdp", "v=0 answer-for-a1");

        JsonNode offer = b1.event("call.offer", d -> d.path("sdp").asText().equals("v=0 offer-for-b1"));
        assertThat(offer.path("from").asText()).isEqualTo(a1.connectionId());
        assertThat(offer.path("fromUserId").asText()).isEqualTo(ana.id());
        assertThat(b1.event("call.ice", d -> true).path("candidate").path("sdpMid").asText()).isEqualTo("0");
        assertThat(a1.event("call.answer", d -> true).path("from").asText()).isEqualTo(b1.connectionId());

        for (Device other : List.of(a2, b2, c)) {
            other.ws().sync();
            assertThat(other.ws().events("call.offer")).as("no offer on %s", other.connectionId()).isEmpty();
            assertThat(other.ws().events("call.ice")).isEmpty();
            assertThat(other.ws().events("call.answer")).isEmpty();
        }
        b1.ws().sync();
        assertThat(b1.ws().events("call.offer")).hasSize(1);
    }

    @Test
    void directCallRingsEveryDeviceAndAnsweringOnOneStopsTheOthers() {
        Account ana = api.signup("ana"), bia = api.signup("bia");
        String conv = direct(ana, bia);
        Device a = device(ana), b1 = device(bia), b2 = device(bia);
        JsonNode call = a.ack("call.start", "scope", "conversation", "id", conv, "video", true).path("call");
        String callId = call.path("id").asText();
        assertThat(call.path("status").asText()).isEqualTo("ringing");
        assertThat(call.path("ringing").get(0).asText()).isEqualTo(bia.id());

        for (Device b : List.of(b1, b2)) {
            JsonNode ring = b.event("call.ringing", d -> d.path("call").path("id").asText().equals(callId)).path("call");
            assertThat(ring.path("startedBy").path("username").asText()).isEqualTo(ana.username());
            assertThat(ring.path("video").asBoolean()).isTrue();
        }
        Device late = device(bia);
        late.event("call.ringing", d -> d.path("call").path("id").asText().equals(callId)); // a device opened while ringing rings too

        JsonNode joined = b1.ack("call.join", "callId", callId, "video", true).path("call");
        assertThat(joined.path("status").asText()).isEqualTo("active");
        for (Device b : List.of(b2, late, b1)) {
            JsonNode stop = b.event("call.ring_stopped", d -> d.path("callId").asText().equals(callId));
            assertThat(stop.path("reason").asText()).isEqualTo("answered");
            assertThat(stop.path("connectionId").asText()).isEqualTo(b1.connectionId());
        }
        JsonNode state = a.event("call.state", d -> d.path("change").asText().equals("joined")).path("call");
        assertThat(participant(state, b1.connectionId()).path("video").asBoolean()).isTrue();

        clock.advance(Duration.ofSeconds(65));
        a.ack("call.leave", "callId", callId); // one-to-one: one hangs up, the call ends for both
        for (Device d : List.of(a, b1)) {
            JsonNode end = d.event("call.ended", x -> x.path("callId").asText().equals(callId));
            assertThat(end.path("reason").asText()).isEqualTo("ended");
            assertThat(end.path("durationMs").asLong()).isGreaterThanOrEqualTo(65_000);
        }
        assertThat(messages(bia, conv)).anyMatch(t -> t.startsWith("📞 Video call · 1:0"));
        assertThat(b1.call("call.join", "callId", callId).path("code").asText()).as("over").isEqualTo("not_found");
        assertThat(activity(ana)).contains("call.started", "call.ended");
    }

    @Test
    void declineStopsRingingOnEveryDeviceAndEndsTheCallForTheCaller() {
        Account ana = api.signup("ana"), bia = api.signup("bia");
        String conv = direct(ana, bia);
        Device a = device(ana), b1 = device(bia), b2 = device(bia);
        String callId = a.ack("call.start", "scope", "conversation", "id", conv).path("call").path("id").asText();
        b2.event("call.ringing", d -> true);
        assertThat(a.call("call.decline", "callId", callId).path("code").asText()).as("the caller is not rung").isEqualTo("not_ringing");

        b2.ack("call.decline", "callId", callId);
        assertThat(b1.event("call.ring_stopped", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("declined");
        assertThat(a.event("call.ended", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("declined");
        assertThat(messages(ana, conv)).contains("📞 Voice call declined");
        assertThat(a.ack("call.get", "scope", "conversation", "id", conv).hasNonNull("call")).as("no call any more").isFalse();
    }

    @Test
    void unansweredCallIsMissedAfterTheRingTimeout() {
        Account ana = api.signup("ana"), bia = api.signup("bia");
        String conv = direct(ana, bia);
        Device a = device(ana), b = device(bia);
        String callId = a.ack("call.start", "scope", "conversation", "id", conv).path("call").path("id").asText();
        b.event("call.ringing", d -> true);
        clock.advance(Duration.ofSeconds(29));
        b.ws().sync();
        a.ws().sync();
        assertThat(b.ws().events("call.ring_stopped")).as("still ringing at 29 s").isEmpty();

        clock.advance(Duration.ofSeconds(2));
        assertThat(b.event("call.ring_stopped", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("missed");
        assertThat(a.event("call.ended", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("missed");
        assertThat(messages(bia, conv)).contains("📞 Missed voice call");
        assertThat(activity(bia)).contains("call.missed");
    }

    @Test
    void callerHangingUpBeforeAnswerStopsTheRingingAsMissed() {
        Account ana = api.signup("ana"), bia = api.signup("bia");
        String conv = direct(ana, bia);
        Device a = device(ana), b = device(bia);
        String callId = a.ack("call.start", "scope", "conversation", "id", conv).path("call").path("id").asText();
        b.event("call.ringing", d -> true);
        a.ack("call.leave", "callId", callId);
        assertThat(b.event("call.ring_stopped", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("missed");
        assertThat(a.event("call.ended", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("cancelled");
    }

    @Test
    void fifthVideoJoinerComesInAudioOnlyAndTheNinthIsRefused() {
        List<Account> people = new ArrayList<>();
        for (int i = 0; i < 9; i++) people.add(api.signup("p" + i));
        String conv = group(people.getFirst(), people.subList(1, 9).toArray(Account[]::new));
        List<Device> d = new ArrayList<>();
        for (Account p : people) d.add(device(p));
        String callId = d.getFirst().ack("call.start", "scope", "conversation", "id", conv, "video", true).path("call").path("id").asText();
        for (int i = 1; i < 4; i++) assertThat(d.get(i).ack("call.join", "callId", callId, "video", true).has("videoRefused")).isFalse();

        JsonNode fifth = d.get(4).ack("call.join", "callId", callId, "video", true);
        assertThat(fifth.path("videoRefused").asText()).isEqualTo("video_full");
        assertThat(participant(fifth.path("call"), d.get(4).connectionId()).path("video").asBoolean()).isFalse();
        assertThat(participant(fifth.path("call"), d.get(4).connectionId()).path("audio").asBoolean()).isTrue();
        assertThat(d.get(4).call("call.media", "callId", callId, "audio", true, "video", true).path("code").asText()).isEqualTo("video_full");
        assertThat(d.get(4).call("call.media", "callId", callId, "audio", true, "screen", true).path("code").asText()).as("a screen is video").isEqualTo("video_full");

        // One video sender stops: the audio-only one may now turn the camera on.
        d.get(3).ack("call.media", "callId", callId, "audio", true, "video", false);
        d.get(4).ack("call.media", "callId", callId, "audio", false, "video", true);
        JsonNode state = d.getFirst().event("call.state", s -> s.path("change").asText().equals("media")
                && s.path("connectionId").asText().equals(d.get(4).connectionId())).path("call");
        assertThat(participant(state, d.get(4).connectionId()).path("audio").asBoolean()).isFalse();

        for (int i = 5; i < 8; i++) d.get(i).ack("call.join", "callId", callId);
        JsonNode ninth = d.get(8).call("call.join", "callId", callId);
        assertThat(ninth.path("code").asText()).isEqualTo("call_full");
        assertThat(d.getFirst().ack("call.get", "scope", "conversation", "id", conv).path("call").path("participants")).hasSize(8);
    }

    @Test
    void participantWhoseConnectionDiesIsRemovedAfterTheGraceAndTheOthersAreTold() {
        Account ana = api.signup("ana"), bia = api.signup("bia"), cai = api.signup("cai");
        String conv = group(ana, bia, cai);
        Device a = device(ana), b = device(bia), c = device(cai);
        String callId = a.ack("call.start", "scope", "conversation", "id", conv).path("call").path("id").asText();
        b.ack("call.join", "callId", callId);
        c.ack("call.join", "callId", callId);
        b.ws().close();

        JsonNode dropped = a.event("call.state", s -> s.path("change").asText().equals("dropped")).path("call");
        assertThat(participant(dropped, b.connectionId()).path("connected").asBoolean()).isFalse();
        clock.advance(Duration.ofSeconds(11));
        JsonNode removed = c.event("call.state", s -> s.path("change").asText().equals("removed")
                && s.path("userId").asText().equals(bia.id()));
        assertThat(participant(removed.path("call"), b.connectionId())).isNull();
        assertThat(removed.path("call").path("participants")).hasSize(2);
    }

    @Test
    void rejoiningFromAnotherDeviceMovesTheParticipant() {
        Account ana = api.signup("ana"), bia = api.signup("bia");
        String conv = group(ana, bia);
        Device a = device(ana), b1 = device(bia), b2 = device(bia);
        String callId = a.ack("call.start", "scope", "conversation", "id", conv).path("call").path("id").asText();
        b1.ack("call.join", "callId", callId);
        JsonNode call = b2.ack("call.join", "callId", callId).path("call");
        assertThat(call.path("participants")).hasSize(2);
        assertThat(participant(call, b2.connectionId())).isNotNull();
        assertThat(b1.event("call.left", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("moved");
        assertThat(b1.call("call.offer", "callId", callId, "to", a.connectionId(), "sdp", "v=0").path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void roomMembersCallBesideTheVideoAndOutsidersCannotJoin() {
        Account host = api.signup("host"), guest = api.signup("guest"), eve = api.signup("eve");
        JsonNode created = as(host).post("/api/rooms", m("name", "Film club")).json();
        String roomId = created.path("room").path("id").asText();
        String link = created.path("joinLink").asText();
        assertThat(as(guest).post("/api/rooms/join/" + link.substring(link.lastIndexOf('/') + 1), m()).status()).isEqualTo(201);
        Device h = device(host), g = device(guest), e = device(eve);
        String callId = h.ack("call.start", "scope", "room", "id", roomId, "video", true).path("call").path("id").asText();
        assertThat(g.event("call.state", s -> s.path("change").asText().equals("started")).path("call").path("scope").path("kind").asText())
                .isEqualTo("room");
        g.ack("call.join", "callId", callId, "video", true);
        assertThat(e.call("call.join", "callId", callId).path("code").asText()).isEqualTo("not_found");
        assertThat(e.call("call.start", "scope", "room", "id", roomId).path("code").asText()).isEqualTo("not_found");
        g.ack("call.leave", "callId", callId);
        h.ack("call.end", "callId", callId);
        assertThat(g.event("call.ended", d -> d.path("callId").asText().equals(callId)).path("reason").asText()).isEqualTo("ended");
    }

    @Test
    void badCallFramesAreRefusedWithTheFieldNamed() {
        Account ana = api.signup("ana"), bia = api.signup("bia");
        String conv = group(ana, bia);
        Device a = device(ana), b = device(bia);
        JsonNode bad = a.call("call.start", "scope", "planet", "id", conv);
        assertThat(bad.path("code").asText()).isEqualTo("validation_failed");
        assertThat(bad.path("errors").get(0).path("field").asText()).isEqualTo("scope");
        assertThat(a.call("call.start", "scope", "conversation", "id", "../../etc").path("code").asText()).isEqualTo("not_found");
        assertThat(a.call("call.join", "callId", "01JUNKJUNKJUNKJUNKJUNKJUNK").path("code").asText()).isEqualTo("not_found");
        assertThat(a.call("call.join").path("code").asText()).isEqualTo("not_found");

        String callId = a.ack("call.start", "scope", "conversation", "id", conv).path("call").path("id").asText();
        b.ack("call.join", "callId", callId);
        JsonNode empty = a.call("call.offer", "callId", callId, "to", b.connectionId(), "sdp", "");
        assertThat(empty.path("errors").get(0).path("field").asText()).isEqualTo("sdp");
        JsonNode huge = a.call("call.answer", "callId", callId, "to", b.connectionId(), "sdp", "x".repeat(CallsGateway.MAX_SDP_CHARS + 1));
        assertThat(huge.path("errors").get(0).path("code").asText()).isIn("too_long");
        assertThat(a.call("call.ice", "callId", callId, "to", a.connectionId(), "candidate", m("candidate", "x")).path("code").asText())
                .as("to oneself").isEqualTo("not_found");
        assertThat(a.call("call.offer", "callId", callId, "sdp", "v=0").path("code").asText()).as("no target").isEqualTo("not_found");
        assertThat(a.call("call.media", "callId", callId, "audio", "loud").path("code").asText()).isEqualTo("wrong_type");
        b.ws().sync();
        assertThat(b.ws().events("call.offer")).isEmpty();
        assertThat(b.ws().events("call.answer")).isEmpty();
    }

    List<String> activity(Account a) {
        List<String> kinds = new ArrayList<>();
        as(a).get("/api/activity").json().path("items").forEach(i -> kinds.add(i.path("kind").asText()));
        return kinds;
    }
}
