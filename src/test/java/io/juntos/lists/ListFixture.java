package io.juntos.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.http.Json;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestClock;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A server per test class (SQLite or PostgreSQL), and a list client whose replica is the Java CRDT ({@link ListDocument}). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListFixture {
    TestServer server;
    /** The server's clock: ticks with real time; tests jump it ahead instead of sleeping. */
    final TestClock clock = TestClock.ticking();
    Api api;

    abstract Engine engine();

    @BeforeAll
    void start() {
        // Compact often so that the restart and resume tests read a snapshot plus a log tail.
        server = TestServer.with(engine()).clock(clock).env("JUNTOS_LISTS_COMPACT_EVERY", "10").start();
        api = server.api();
    }

    /** Extra servers a test started (closed before the main one, which owns the PostgreSQL schema). */
    final java.util.List<TestServer> others = new java.util.ArrayList<>();

    @AfterAll
    void stop() {
        others.forEach(TestServer::close);
        if (server != null) server.close();
    }

    Api as(Account a) {
        return api.as(a.accessToken());
    }

    /** Signs in again (a fresh access token after the clock jumped past the old one's expiry). */
    Account signin(Account a) {
        Api.Res r = api.post("/api/auth/signin", Map.of("login", a.username(), "password", a.password()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Account(a.id(), a.username(), a.password(), r.json().path("accessToken").asText(), r.json().path("refreshToken").asText(),
                r.json().path("sessionId").asText());
    }

    String list(Account owner, String name) {
        Api.Res r = as(owner).post("/api/lists", Map.of("name", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("list").path("id").asText();
    }

    void share(Account owner, String listId, Account with, String role) {
        Api.Res r = as(owner).post("/api/lists/" + listId + "/members", Map.of("user", with.username(), "role", role));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    JsonNode details(Account a, String listId) {
        Api.Res r = as(a).get("/api/lists/" + listId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    JsonNode addItem(Account a, String listId, Object... kv) {
        Api.Res r = as(a).post("/api/lists/" + listId + "/items", m(kv));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("item");
    }

    WsTestClient live(Account a) {
        WsTestClient ws = WsTestClient.ready(server.baseUrl(), a.accessToken());
        ws.ack("resume", Map.of());
        return ws;
    }

    Client client(Account a, String listId) {
        return new Client(a, live(a), listId);
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) map.put((String) kv[i], kv[i + 1]);
        return map;
    }

    static ListDocument replica(int id) {
        return new ListDocument(id, ListLimits.defaults(), new ItemRules(Json.strictMapper()));
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** A list client over a real socket: opens the list, keeps a replica, sends its edits, applies everyone's. */
    final class Client implements AutoCloseable {
        final Account account;
        final WsTestClient ws;
        final String listId;
        final ListDocument doc;
        final JsonNode opened;
        int applied;

        Client(Account account, WsTestClient ws, String listId) {
            this.account = account;
            this.ws = ws;
            this.listId = listId;
            this.opened = ws.ack("list.open", Map.of("listId", listId));
            this.doc = replica(opened.path("replica").asInt());
            doc.load(Base64.getDecoder().decode(opened.path("snapshot").asText()));
        }

        /** Makes a local edit and returns its bytes (not sent). */
        byte[] edit(Consumer<ListEditor> e) {
            return doc.edit(e);
        }

        /** Sends bytes as a list.update and returns the answer frame (ack or error). */
        JsonNode send(byte[] update) {
            return ws.call("list.update", Map.of("listId", listId, "update", b64(update)));
        }

        /** Edits, sends, and expects the ack; returns its seq. */
        long write(Consumer<ListEditor> e) {
            JsonNode f = send(edit(e));
            assertThat(f.path("type").asText()).as(f.toString()).isEqualTo("ack");
            return f.path("data").path("seq").asLong();
        }

        /** Applies every list.update event received so far that it has not applied yet. */
        Client catchUp() {
            ws.sync();
            var events = ws.events("list.update").stream().filter(f -> f.path("data").path("listId").asText().equals(listId)).toList();
            for (int i = applied; i < events.size(); i++) doc.replay(Base64.getDecoder().decode(events.get(i).path("data").path("update").asText()));
            applied = events.size();
            return this;
        }

        /** Waits until the event with this seq arrived, then applies everything up to it. */
        Client awaitSeq(long seq) {
            ws.awaitEvent("list.update", d -> d.path("listId").asText().equals(listId) && d.path("seq").asLong() >= seq);
            return catchUp();
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    static Set<String> set(String... s) {
        return Set.of(s);
    }
}
