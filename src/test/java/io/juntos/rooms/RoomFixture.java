package io.juntos.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A server per test class (SQLite or PostgreSQL) and the few steps every room test repeats. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RoomFixture {
    TestServer server;
    /** The server's clock: ticks with real time, and tests jump it ahead instead of sleeping. */
    final io.juntos.testing.TestClock clock = io.juntos.testing.TestClock.ticking();
    Api api;

    abstract Engine engine();

    @BeforeAll
    void start() {
        server = TestServer.with(engine()).clock(clock).start();
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    Api as(Account a) {
        return api.as(a.accessToken());
    }

    /** A new room of {@code host}'s with these settings; returns {room, joinLink}. */
    JsonNode create(Account host, Object... settings) {
        Map<String, Object> body = m(settings);
        body.putIfAbsent("name", "Movie night " + UUID.randomUUID().toString().substring(0, 4));
        Api.Res r = as(host).post("/api/rooms", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    static String token(JsonNode created) {
        String link = created.path("joinLink").asText();
        return link.substring(link.lastIndexOf('/') + 1);
    }

    /** A room of {@code host}'s that {@code members} joined by its link; returns its id. */
    String room(Account host, String policy, Account... members) {
        JsonNode c = create(host, "controlPolicy", policy);
        for (Account a : members) {
            Api.Res r = as(a).post("/api/rooms/join/" + token(c), Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        return c.path("room").path("id").asText();
    }

    JsonNode details(Account a, String roomId) {
        Api.Res r = as(a).get("/api/rooms/" + roomId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    JsonNode addUrl(Account a, String roomId, String url) {
        Api.Res r = as(a).post("/api/rooms/" + roomId + "/queue", Map.of("url", url));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("items");
    }

    Api.Res playback(Account a, String roomId, Object... kv) {
        return as(a).post("/api/rooms/" + roomId + "/playback", m(kv));
    }

    long version(Account a, String roomId) {
        return details(a, roomId).path("playback").path("version").asLong();
    }

    WsTestClient live(Account a) {
        return WsTestClient.live(server.baseUrl(), a.accessToken());
    }

    /** A socket subscribed to the room's stream; returns it after the ack. */
    WsTestClient watching(Account a, String roomId) {
        WsTestClient ws = live(a);
        ws.ack("room.subscribe", Map.of("roomId", roomId));
        return ws;
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) map.put((String) kv[i], kv[i + 1]);
        return map;
    }
}
