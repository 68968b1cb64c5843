package io.juntos.gateway;

import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport with real sockets: upgrade guard, envelopes, limits, heartbeats, revocation, fan-out. */
class GatewayTest {
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.SQLITE, Map.of(
                "JUNTOS_WS_RATE", "5", "JUNTOS_WS_BURST", "5", "JUNTOS_WS_RATE_STRIKES", "8",
                "JUNTOS_WS_MAX_FRAME_BYTES", "4KiB", "JUNTOS_WS_OUTBOUND_BYTES", "64KiB",
                "JUNTOS_WS_PING_INTERVAL", "1s", "JUNTOS_WS_PING_JITTER", "200ms", "JUNTOS_WS_DEAD_AFTER", "3s",
                "JUNTOS_WS_HELLO_TIMEOUT", "1s"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) map.put((String) kv[i], kv[i + 1]);
        return map;
    }

    String group(Account owner, Account... members) {
        JsonNode g = api.as(owner.accessToken()).post("/api/conversations/groups", Map.of("name", "g")).json();
        for (Account a : members) api.as(a.accessToken()).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
        return g.path("id").asText();
    }

    void send(Account a, String conv, String text) {
        var r = api.as(a.accessToken()).post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /** A hand-written upgrade request, to see the raw answer (status, headers, body). */
    String rawUpgrade(String origin, String protocols) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n"
                    + "Sec-WebSocket-Protocol: " + protocols + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            StringBuilder sb = new StringBuilder();
            long deadline = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < deadline) {
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (n < 0) break;
                sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (sb.indexOf("\r\n\r\n") >= 0 && (sb.indexOf(" 101 ") > 0 || sb.indexOf("}") > 0)) break;
            }
            return sb.toString();
        }
    }

    // ---- upgrade ----

    @Test
    void authenticatesWithBearerSubprotocolAndEchoesOnlyJuntosV1() throws Exception {
        var a = api.signup("gw");
        try (var c = WsTestClient.connect(server.baseUrl(), a.accessToken())) {
            JsonNode ready = c.awaitEvent("ready", d -> true);
            assertThat(ready.path("userId").asText()).isEqualTo(a.id());
            assertThat(ready.path("sessionId").asText()).isEqualTo(a.sessionId());
            assertThat(c.subprotocol()).isEqualTo("juntos.v1");
        }
        String head = rawUpgrade("http://localhost:8080", "juntos.v1, bearer." + a.accessToken());
        assertThat(head).startsWith("HTTP/1.1 101");
        assertThat(head).containsIgnoringCase("Sec-WebSocket-Protocol: juntos.v1\r\n").doesNotContain(a.accessToken());
    }

    @Test
    void authenticatesWithHelloFrame() {
        var a = api.signup("gw");
        try (var c = WsTestClient.connect(server.baseUrl(), null)) {
            JsonNode early = c.call("message.send", m("conversationId", "x"));
            assertThat(early.path("code").asText()).isEqualTo("auth_required");
            JsonNode ack = c.ack("hello", m("token", a.accessToken()));
            assertThat(ack.path("userId").asText()).isEqualTo(a.id());
            c.awaitEvent("ready", d -> d.path("userId").asText().equals(a.id()));
            assertThat(c.call("hello", m("token", a.accessToken())).path("code").asText()).isEqualTo("already_authenticated");
        }
    }

    @Test
    void rejectsUpgradeFromForeignOriginWith403Problem() throws Exception {
        var a = api.signup("gw");
        String answer = rawUpgrade("https://evil.example", "juntos.v1, bearer." + a.accessToken());
        assertThat(answer).startsWith("HTTP/1.1 403");
        assertThat(answer).contains("application/problem+json").contains("origin_not_allowed");
        assertThatThrownBy(() -> WsTestClient.connect(server.baseUrl(), a.accessToken(), "https://evil.example")).hasStackTraceContaining("403");
    }

    @Test
    void rejectsUpgradeThatDoesNotOfferJuntosV1First() throws Exception {
        var a = api.signup("gw");
        String answer = rawUpgrade("http://localhost:8080", "bearer." + a.accessToken() + ", juntos.v1");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("subprotocol_required").doesNotContain(a.accessToken());
    }

    @Test
    void anInvalidTokenIsRefusedBeforeTheUpgradeWith401Problem() throws Exception {
        String answer = rawUpgrade("http://localhost:8080", "juntos.v1, bearer.not-a-token");
        assertThat(answer).startsWith("HTTP/1.1 401").contains("application/problem+json").contains("token_invalid")
                .doesNotContain("not-a-token");
        assertThatThrownBy(() -> WsTestClient.connect(server.baseUrl(), "not-a-token")).hasStackTraceContaining("401");
    }

    @Test
    void anExpiredTokenIsRefusedBeforeTheUpgradeWithTokenExpired() throws Exception {
        try (var shortLived = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_ACCESS_TOKEN_TTL", "1s"))) {
            var a = shortLived.api().signup("exp");
            Thread.sleep(2100);
            assertThatThrownBy(() -> WsTestClient.connect(shortLived.baseUrl(), a.accessToken())).hasStackTraceContaining("401");
            // hello with an expired token still answers in-band, where a client can read it
            try (var c = WsTestClient.connect(shortLived.baseUrl(), null)) {
                assertThat(c.call("hello", m("token", a.accessToken())).path("code").asText()).isEqualTo("token_expired");
                assertThat(c.awaitClose().code()).isEqualTo(4001);
            }
        }
    }

    @Test
    void connectionWithoutAuthenticationIsClosedAfterTheHelloTimeout() {
        try (var c = WsTestClient.connect(server.baseUrl(), null)) {
            assertThat(c.awaitClose().code()).isEqualTo(4004);
        }
    }

    // ---- bad frames and limits ----

    @Test
    void malformedUnknownAndIncompleteFramesGetErrorsAndTheServerKeepsServing() throws Exception {
        var a = api.signup("gw");
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken()); var other = WsTestClient.live(server.baseUrl(), api.signup("gw").accessToken())) {
            c.sendRaw("{not json");
            c.await(f -> f.path("code").asText().equals("malformed_frame") && f.path("id").isNull());
            c.sendRaw("[1,2]");
            c.sendRaw("{\"id\":\"u2\"}");
            c.await(f -> f.path("code").asText().equals("missing_type") && f.path("id").asText().equals("u2"));
            c.sendRaw("{\"type\":\"typing\"}");
            c.await(f -> f.path("code").asText().equals("missing_id"));
            c.sendRaw("{\"type\":\"typing\",\"id\":\"u3\",\"extra\":1}");
            c.await(f -> f.path("code").asText().equals("unknown_field") && f.path("id").asText().equals("u3"));
            c.sendRaw("{\"type\":\"mesage.send\",\"id\":\"u1\",\"data\":{}}");
            c.await(f -> f.path("code").asText().equals("unknown_type") && f.path("id").asText().equals("u1"));
            JsonNode wrong = c.call("message.send", m("conversationId", 42));
            assertThat(wrong.path("code").asText()).isEqualTo("wrong_type");
            Thread.sleep(1100); // let the rate bucket refill
            assertThat(c.call("typing", m("conversationId", "x")).path("code").asText()).isEqualTo("not_found");
            assertThat(other.call("typing", m("conversationId", "x")).path("code").asText()).isEqualTo("not_found");
            assertThat(c.closed()).isNotDone();
        }
    }

    @Test
    void aClientThatKeepsSendingGarbageIsClosedForProtocolAbuse() {
        var a = api.signup("gw");
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken()); var other = WsTestClient.live(server.baseUrl(), api.signup("gw").accessToken())) {
            for (int i = 0; i < 10; i++) c.sendRaw("garbage " + i);
            assertThat(c.awaitClose().code()).isEqualTo(4008);
            assertThat(other.call("typing", m("conversationId", "x")).path("type").asText()).isEqualTo("error");
            assertThat(other.closed()).isNotDone();
        }
    }

    @Test
    void anOversizedFrameClosesWith1009() {
        var a = api.signup("gw");
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            c.sendRaw("{\"type\":\"typing\",\"id\":\"big\",\"data\":{\"conversationId\":\"" + "x".repeat(5000) + "\"}}");
            assertThat(c.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void tooFastRequestsAreRefusedWithRetryAfterThenTheSocketIsClosed() {
        var a = api.signup("gw");
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            // Pipelined, not one by one: waiting for each ack would let the bucket refill on a busy machine.
            List<java.util.concurrent.CompletableFuture<JsonNode>> burst = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) burst.add(c.request("typing", m("conversationId", "x")));
            List<String> codes = burst.stream().map(f -> f.join().path("code").asText()).toList();
            assertThat(codes.subList(0, 5)).containsOnly("not_found");
            assertThat(codes).contains("rate_limited");
            JsonNode limited = burst.stream().map(java.util.concurrent.CompletableFuture::join)
                    .filter(j -> j.path("code").asText().equals("rate_limited")).findFirst().orElseThrow();
            assertThat(limited.path("retryAfterMs").asLong()).isPositive();
            // Keep pushing: the server closes; it may do so before all of these are written. Enough of them that
            // a loaded machine, where the bucket refills between two of them now and then, still reaches the strikes.
            for (int i = 0; i < 200 && !c.closed().isDone(); i++) {
                try {
                    c.request("typing", m("conversationId", "x"));
                } catch (java.util.concurrent.CompletionException closedMeanwhile) {
                    break;
                }
            }
            assertThat(c.awaitClose().code()).isEqualTo(4013);
        }
    }

    @Test
    void aSlowConsumerIsClosedWithoutHoldingBackOtherMembers() throws Exception {
        Account alice = api.signup("alice"), bob = api.signup("bob"), carol = api.signup("carol");
        String conv = group(alice, bob, carol);
        try (var slow = WsTestClient.live(server.baseUrl(), bob.accessToken()); var fast = WsTestClient.live(server.baseUrl(), carol.accessToken())) {
            slow.pauseReading();
            // It still answers heartbeats (writing is not reading), so only its reading is slow.
            var keepAlive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            keepAlive.scheduleAtFixedRate(() -> slow.sendRaw("{\"type\":\"pong\"}"), 200, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
            double before = slowClosedCount();
            int sent = 0;
            String big = "😀".repeat(3990); // 16 KB of UTF-8 per frame: fills the TCP buffers sooner
            while (slowClosedCount() == before && sent < 3000) {
                for (int i = 0; i < 25; i++) send(alice, conv, big + " " + sent++);
            }
            keepAlive.shutdownNow();
            assertThat(slowClosedCount()).isGreaterThan(before);
            int last = sent - 1;
            assertThat(fast.closed()).as("the reading member must stay connected").isNotDone();
            fast.awaitEvent("message.created", d -> d.path("message").path("text").asText().endsWith(" " + last));
            slow.resumeReading();
            assertThat(slow.awaitClose().code()).isEqualTo(4009);
        }
    }

    double slowClosedCount() {
        String metrics = api.get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("juntos_ws_slow_consumers_closed")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    // ---- heartbeats and sessions ----

    @Test
    void aSilentClientIsClosedByTheHeartbeatWhileAnAnsweringOneStays() throws Exception {
        var a = api.signup("gw");
        try (var silent = WsTestClient.live(server.baseUrl(), a.accessToken()).autoPong(false);
             var alive = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            assertThat(silent.awaitClose().code()).isEqualTo(4010);
            assertThat(silent.events("ping")).isNotEmpty();
            assertThat(alive.events("ping")).isNotEmpty();
            assertThat(alive.closed()).isNotDone();
            assertThat(alive.call("typing", m("conversationId", "x")).path("type").asText()).isEqualTo("error");
        }
    }

    @Test
    void signingOutClosesThatSessionsSocketsOnly() {
        var a = api.signup("gw");
        var other = api.post("/api/auth/signin", Map.of("login", a.username(), "password", a.password()));
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        String otherToken = other.json().path("accessToken").asText();
        try (var c1 = WsTestClient.live(server.baseUrl(), a.accessToken()); var c2 = WsTestClient.live(server.baseUrl(), a.accessToken());
             var keep = WsTestClient.live(server.baseUrl(), otherToken)) {
            assertThat(api.as(a.accessToken()).post("/api/auth/signout", Map.of()).status()).isEqualTo(204);
            assertThat(c1.awaitClose().code()).isEqualTo(4003);
            assertThat(c2.awaitClose().code()).isEqualTo(4003);
            assertThat(keep.call("typing", m("conversationId", "x")).path("type").asText()).isEqualTo("error");
            assertThat(keep.closed()).isNotDone();
        }
    }

    // ---- fan-out ----

    @Test
    void aGapInWhatTheBusDeliveredIsFilledFromTheStore() throws Exception {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        try (var b = WsTestClient.live(server.baseUrl(), bob.accessToken())) {
            send(alice, conv, "one");
            b.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == 1);
            // A message committed whose notice never reached the bus (a crash between commit and publish).
            try (var db = server.juntos().platform().db().dataSource().getConnection()) {
                try (var st = db.prepareStatement("UPDATE conversations SET last_seq = 2 WHERE id = ?")) {
                    st.setString(1, conv);
                    st.executeUpdate();
                }
                try (var st = db.prepareStatement("INSERT INTO messages (id, conversation_id, seq, sender_id, client_msg_id, kind, body, created_at, updated_at) "
                        + "VALUES (?, ?, 2, ?, 'lost', 'text', 'lost notice', ?, ?)")) {
                    st.setString(1, io.juntos.store.Ids.newId());
                    st.setString(2, conv);
                    st.setString(3, alice.id());
                    st.setLong(4, System.currentTimeMillis());
                    st.setLong(5, System.currentTimeMillis());
                    st.executeUpdate();
                }
            }
            send(alice, conv, "three");
            b.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == 3);
            var got = b.events("message.created").stream().map(f -> f.path("data").path("message")).toList();
            assertThat(got).extracting(x -> x.path("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(got.get(1).path("text").asText()).isEqualTo("lost notice");
        }
    }
}
