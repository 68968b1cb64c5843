package io.juntos.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestClock;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A server per test class (SQLite or PostgreSQL), real sockets, and the steps call tests repeat. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CallFixture {
    TestServer server;
    /** Ticks with real time; tests jump it past the ring timeout or the drop grace instead of sleeping. */
    final TestClock clock = TestClock.ticking();
    Api api;
    private final List<WsTestClient> sockets = new ArrayList<>();

    abstract Engine engine();

    @BeforeAll
    void start() {
        server = TestServer.with(engine()).clock(clock).start();
        api = server.api();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WsTestClient::close);
        sockets.clear();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    /** One device: a live socket and the connection id the server gave it. */
    record Device(Account who, WsTestClient ws, String connectionId) {
        JsonNode ack(String type, Object... kv) {
            return ws.ack(type, m(kv));
        }

        JsonNode call(String type, Object... kv) {
            return ws.call(type, m(kv));
        }

        JsonNode event(String type, java.util.function.Predicate<JsonNode> p) {
            return ws.awaitEvent(type, p);
        }
    }

    Device device(Account a) {
        WsTestClient ws = WsTestClient.connect(server.baseUrl(), a.accessToken());
        sockets.add(ws);
        JsonNode ready = ws.await(f -> f.path("type").asText().equals("ready"));
        ws.ack("resume", Map.of());
        return new Device(a, ws, ready.path("data").path("connectionId").asText());
    }

    Api as(Account a) {
        return api.as(a.accessToken());
    }

    String direct(Account a, Account b) {
        Api.Res r = as(a).post("/api/conversations/direct", Map.of("username", b.username()));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r.json().path("id").asText();
    }

    String group(Account owner, Account... members) {
        JsonNode g = as(owner).post("/api/conversations/groups", Map.of("name", "Call " + UUID.randomUUID().toString().substring(0, 4))).json();
        for (Account m : members) {
            Api.Res r = as(m).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
            assertThat(r.status()).as(r.toString()).isIn(200, 201);
        }
        return g.path("id").asText();
    }

    /** The participant entry of a connection in a call view. */
    static JsonNode participant(JsonNode call, String connectionId) {
        for (JsonNode p : call.path("participants")) if (p.path("connectionId").asText().equals(connectionId)) return p;
        return null;
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) map.put((String) kv[i], kv[i + 1]);
        return map;
    }

    List<String> messages(Account a, String conversationId) {
        List<String> out = new ArrayList<>();
        as(a).get("/api/conversations/" + conversationId + "/messages").json().path("items").forEach(i -> out.add(i.path("text").asText()));
        return out;
    }
}
