package io.juntos.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The security review's gateway findings, reproduced: sign-out races, per-user sockets, floods, envelopes. */
class GatewayHardeningTest {
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_WS_RATE", "5", "JUNTOS_WS_BURST", "5", "JUNTOS_WS_RATE_STRIKES", "8",
                "JUNTOS_WS_SOCKETS_PER_USER", "100"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noneOfEightySocketsOpenedWhileTheSessionSignsOutSurvivesOrCanSend() throws Exception {
        var a = api.signup("race");
        String conv = api.as(a.accessToken()).post("/api/conversations/groups", Map.of("name", "race")).json().path("id").asText();
        List<CompletableFuture<WsTestClient>> opening = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 80; i++) {
                opening.add(CompletableFuture.supplyAsync(() -> WsTestClient.connect(server.baseUrl(), a.accessToken()), pool));
                if (i == 40) assertThat(api.as(a.accessToken()).post("/api/auth/signout", Map.of()).status()).isEqualTo(204);
            }
            List<WsTestClient> opened = new ArrayList<>();
            for (var f : opening) {
                try {
                    opened.add(f.join());
                } catch (java.util.concurrent.CompletionException refusedOrTimedOut) {
                    // refused at the upgrade (401 after the sign-out), or the loaded test machine timed out: not open either way
                }
            }
            for (WsTestClient c : opened) {
                try (c) {
                    assertThat(c.closed()).succeedsWithin(Duration.ofSeconds(10));
                    assertThat(c.closed().join().code()).isEqualTo(4003);
                    assertThat(c.frames(f -> f.path("type").asText().equals("ack"))).isEmpty();
                }
            }
        }
        assertThat(api.as(a.accessToken()).get("/api/conversations/" + conv + "/messages").status()).isEqualTo(401);
    }

    @Test
    void aClientFloodingAtTwiceTheRateIsClosedWith4013() throws Exception {
        var a = api.signup("flood");
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            // 10 requests a second against a rate of 5: every other one is refused, none reset the count.
            for (int i = 0; i < 100 && !c.closed().isDone(); i++) {
                try {
                    c.request("typing", Map.of("conversationId", "x"));
                } catch (java.util.concurrent.CompletionException | IllegalStateException closedMeanwhile) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(c.awaitClose().code()).isEqualTo(4013);
            assertThat(c.frames(f -> f.path("code").asText().equals("not_found"))).hasSizeGreaterThan(5);
        }
    }

    @Test
    void anUnknownEnvelopeFieldNamesTheField() {
        var a = api.signup("env");
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            c.sendRaw("{\"type\":\"typing\",\"id\":\"e1\",\"data\":{},\"extra\":1}");
            JsonNode err = c.await(f -> f.path("type").asText().equals("error") && f.path("id").asText().equals("e1"));
            assertThat(err.path("code").asText()).isEqualTo("unknown_field");
            assertThat(err.path("errors").get(0).path("field").asText()).isEqualTo("extra");
        }
    }

    @Test
    void aUserCannotOpenMoreSocketsThanTheLimit() {
        try (var limited = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_WS_SOCKETS_PER_USER", "3"))) {
            var a = limited.api().signup("many");
            var b = limited.api().signup("other");
            List<WsTestClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) open.add(WsTestClient.ready(limited.baseUrl(), a.accessToken()));
                try (var fourth = WsTestClient.connect(limited.baseUrl(), a.accessToken())) {
                    assertThat(fourth.awaitClose().code()).isEqualTo(4014);
                    assertThat(fourth.events("error").getFirst().path("code").asText()).isEqualTo("too_many_connections");
                }
                try (var someoneElse = WsTestClient.ready(limited.baseUrl(), b.accessToken())) {
                    assertThat(someoneElse.closed()).isNotDone();
                }
                open.removeFirst().close();
                try (var again = WsTestClient.connect(limited.baseUrl(), a.accessToken())) {
                    again.await(f -> f.path("type").asText().equals("ready") || f.path("code").asText().equals("too_many_connections"));
                    assertThat(again.events("ready")).as("a closed socket frees its place").isNotEmpty();
                }
            } finally {
                open.forEach(WsTestClient::close);
            }
        }
    }

    @Test
    void messageSendsAndGroupCreationAreLimitedPerUserOverRestAndSocket() {
        try (var limited = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_LIMIT_MESSAGES_PER_USER", "5/1m",
                "JUNTOS_LIMIT_CONVERSATIONS_PER_USER", "3/1h"))) {
            var a = limited.api().signup("lim");
            var me = limited.api().as(a.accessToken());
            String conv = me.post("/api/conversations/groups", Map.of("name", "g")).json().path("id").asText();
            for (int i = 0; i < 4; i++) {
                assertThat(me.post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "m" + i)).status()).isEqualTo(201);
            }
            try (var ws = WsTestClient.live(limited.baseUrl(), a.accessToken())) {
                assertThat(ws.call("message.send", Map.of("conversationId", conv, "clientMsgId", UUID.randomUUID().toString(), "text", "ok")).path("type").asText()).isEqualTo("ack");
                JsonNode refused = ws.call("message.send", Map.of("conversationId", conv, "clientMsgId", UUID.randomUUID().toString(), "text", "no"));
                assertThat(refused.path("code").asText()).isEqualTo("rate_limited");
            }
            var rest = me.post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "no"));
            assertThat(rest.status()).isEqualTo(429);
            assertThat(rest.header("Retry-After")).isPresent();
            assertThat(me.post("/api/conversations/groups", Map.of("name", "g2")).status()).isEqualTo(201);
            assertThat(me.post("/api/conversations/groups", Map.of("name", "g3")).status()).isEqualTo(201);
            assertThat(me.post("/api/conversations/groups", Map.of("name", "g4")).status()).isEqualTo(429);
        }
    }
}
