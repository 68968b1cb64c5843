package io.juntos.testfeature;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestClock;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Gateway capabilities a feature gets through its context: rate buckets per frame type, slow handlers, sending to one connection. */
class GatewayCapabilitiesTest {
    static final TestClock clock = TestClock.frozen();
    static final ProbeFeature probe = new ProbeFeature();
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.with(Engine.SQLITE).clock(clock).feature(p -> probe)
                .env(Map.of("JUNTOS_WS_RATE", "5", "JUNTOS_WS_BURST", "5", "JUNTOS_WS_SIGNAL_RATE", "10", "JUNTOS_WS_SIGNAL_BURST", "10",
                        "JUNTOS_WS_RATE_STRIKES", "1000", "JUNTOS_WS_MAX_BINARY_BYTES", "1KiB"))
                .start();
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBurstOfIceCandidatesDrainsItsOwnBucketAndChatStillGoesThrough() {
        var a = api.signup("ice");
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            List<CompletableFuture<JsonNode>> burst = new ArrayList<>();
            // The real call.ice (calls feature), for a call that does not exist: past the rate check it is not_found.
            for (int i = 0; i < 15; i++) burst.add(c.request("call.ice", Map.of("callId", "x", "to", "y", "candidate", Map.of("candidate", "c" + i))));
            List<String> answers = burst.stream().map(f -> f.join().path("type").asText().equals("ack") ? "ack" : f.join().path("code").asText()).toList();
            // The clock stands still: exactly the signal bucket's burst goes through, the rest is refused.
            assertThat(answers.subList(0, 10)).containsOnly("not_found");
            assertThat(answers.subList(10, 15)).containsOnly("rate_limited");
            // Chat has its own bucket (5, one used by resume): untouched by the ICE burst.
            assertThat(c.call("typing", Map.of("conversationId", "x")).path("code").asText()).isEqualTo("not_found");
            assertThat(c.call("probe.fast", Map.of()).path("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void binaryPayloadsArriveDecodedAndHaveTheirOwnSizeLimit() {
        var a = api.signup("blob");
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            byte[] update = new byte[1024];
            new java.util.Random(7).nextBytes(update);
            String b64 = java.util.Base64.getEncoder().encodeToString(update);
            assertThat(c.ack("probe.blob", Map.of("bytes", b64)).path("size").asInt()).isEqualTo(1024);
            JsonNode big = c.call("probe.blob", Map.of("bytes", java.util.Base64.getEncoder().encodeToString(new byte[1025])));
            assertThat(big.path("code").asText()).isEqualTo("payload_too_large");
            assertThat(big.path("errors").get(0).path("field").asText()).isEqualTo("bytes");
            JsonNode garbled = c.call("probe.blob", Map.of("bytes", "not base64!"));
            assertThat(garbled.path("type").asText()).isEqualTo("error");
            assertThat(c.closed()).isNotDone();
        }
    }

    @Test
    void aSlowHandlerDoesNotDelayTheAckOfAFollowingFastFrame() {
        var a = api.signup("slow");
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            var slow = c.request("probe.wait", Map.of("gate", "g-fast", "key", "k1"));
            JsonNode fast = c.call("probe.fast", Map.of());
            assertThat(fast.path("type").asText()).isEqualTo("ack");
            assertThat(slow).isNotDone();
            probe.open("g-fast");
            assertThat(slow.join().path("data").path("gate").asText()).isEqualTo("g-fast");
        }
    }

    @Test
    void slowFramesWithTheSameKeyKeepTheirOrder() {
        var a = api.signup("order");
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            var first = c.request("probe.wait", Map.of("gate", "o-1", "key", "same"));
            var second = c.request("probe.wait", Map.of("gate", "o-2", "key", "same"));
            probe.open("o-2"); // the second is ready first, but waits for the first
            c.sync();
            assertThat(second).isNotDone();
            probe.open("o-1");
            first.join();
            second.join();
            assertThat(probe.handled).containsSubsequence("o-1", "o-2");
            c.ack("probe.wait", Map.of("gate", "o-2", "key", "other")); // other keys are not held up
        }
    }

    @Test
    void anEventSentToOneConnectionReachesOnlyThatConnection() {
        var a = api.signup("dev");
        try (var phone = WsTestClient.live(server.baseUrl(), a.accessToken()); var laptop = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            String laptopId = laptop.events("ready").getFirst().path("data").path("connectionId").asText();
            String phoneId = phone.events("ready").getFirst().path("data").path("connectionId").asText();
            phone.ack("probe.signal", Map.of("to", laptopId, "candidate", "candidate:1"));
            JsonNode got = laptop.awaitEvent("probe.signal", d -> true);
            assertThat(got.path("from").asText()).isEqualTo(phoneId);
            assertThat(got.path("candidate").asText()).isEqualTo("candidate:1");
            phone.sync();
            assertThat(phone.events("probe.signal")).isEmpty();
        }
    }
}
