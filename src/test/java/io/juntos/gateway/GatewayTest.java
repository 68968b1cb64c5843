package io.juntos.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport: upgrade guard, envelopes, limits, heartbeats, revocation. */
class GatewayTest {
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.SQLITE, Map.of(
                "JUNTOS_WS_RATE", "5", "JUNTOS_WS_BURST", "5", "JUNTOS_WS_RATE_STRIKES", "8",
                "JUNTOS_WS_MAX_FRAME_BYTES", "4KiB", "JUNTOS_WS_OUTBOUND_BYTES", "8KiB"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void authenticatesWithBearerSubprotocolAndEchoesOnlyJuntosV1() {
        var a = api.signup("gw");
        try (var c = WsTestClient.connect(server.baseUrl(), a.accessToken())) {
            JsonNode ready = c.awaitEvent("ready", d -> true);
            assertThat(ready.path("userId").asText()).isEqualTo(a.id());
            assertThat(ready.path("sessionId").asText()).isEqualTo(a.sessionId());
            assertThat(c.subprotocol()).isEqualTo("juntos.v1");
        }
    }

    @Test
    void authenticatesWithHelloFrame() {
        var a = api.signup("gw");
        try (var c = WsTestClient.connect(server.baseUrl(), null)) {
            JsonNode early = c.call("message.send", Map.of("conversationId", "x"));
            assertThat(early.path("code").asText()).isEqualTo("auth_required");
            JsonNode ack = c.ack("hello", Map.of("token", a.accessToken()));
            assertThat(ack.path("userId").asText()).isEqualTo(a.id());
            c.awaitEvent("ready", d -> d.path("userId").asText().equals(a.id()));
        }
    }

    @Test
    void rejectsUpgradeFromForeignOrigin() throws Exception {
        var a = api.signup("gw");
        var req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/ws"))
                .header("Origin", "https://evil.example").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Protocol", "juntos.v1, bearer." + a.accessToken()).GET().build();
        // java.net.http forbids Upgrade/Connection headers, so a plain GET shows the guard's answer
        var res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isIn(403, 400, 404, 426);
        assertThatThrownBy(() -> WsTestClient.connect(server.baseUrl(), a.accessToken(), "https://evil.example"))
                .hasStackTraceContaining("403");
    }

    @Test
    void invalidTokenClosesWithTokenInvalidCode() {
        try (var c = WsTestClient.connect(server.baseUrl(), "not-a-token")) {
            assertThat(c.awaitClose().code()).isEqualTo(4002);
        }
    }
}
