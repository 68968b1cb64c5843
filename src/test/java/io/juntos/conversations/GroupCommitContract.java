package io.juntos.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send path under concurrency, on SQLite and PostgreSQL: group commit keeps per-conversation
 * seqs gapless and each sender's order, idempotency holds for retries racing from several sockets,
 * no ack leaves before its commit, and a failed commit refuses its whole batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GroupCommitContract {
    TestServer server;
    Api api;

    abstract Engine engine();

    @BeforeAll
    void start() {
        server = TestServer.start(engine(), Map.of("JUNTOS_WS_RATE", "10000", "JUNTOS_WS_BURST", "10000"));
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void manySendersToOneConversationGetGaplessSeqsInEachSendersOrder() {
        List<Account> senders = new ArrayList<>();
        for (int i = 0; i < 6; i++) senders.add(api.signup("order" + i));
        Account watcher = api.signup("watch");
        String conv = group(watcher, senders);
        int perSender = 30;
        try (var w = live(watcher)) {
            List<WsTestClient> sockets = senders.stream().map(this::live).toList();
            try {
                // Each socket pipelines its sends: they arrive together from six sockets and are batched.
                Map<String, List<CompletableFuture<JsonNode>>> acks = new HashMap<>();
                for (int k = 0; k < perSender; k++) {
                    for (int s = 0; s < senders.size(); s++) {
                        acks.computeIfAbsent(senders.get(s).id(), x -> new ArrayList<>())
                                .add(sockets.get(s).request("message.send", send(conv, "o-" + k, "n" + k)));
                    }
                }
                List<Long> all = new ArrayList<>();
                acks.forEach((sender, list) -> {
                    List<Long> mine = list.stream().map(f -> ackData(f.join()).path("message").path("seq").asLong()).toList();
                    assertThat(mine).as("sender %s's own order", sender).isSorted();
                    all.addAll(mine);
                });
                long total = (long) perSender * senders.size();
                assertThat(all).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
                w.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == total);
                assertThat(ConversationsContract.seqs(w, conv)).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            } finally {
                sockets.forEach(WsTestClient::close);
            }
        }
    }

    @Test
    void retriesRacingFromSeveralSocketsCommitOneMessageAndEveryAckCarriesIt() {
        Account alice = api.signup("racer"), bob = api.signup("peer");
        String conv = group(bob, List.of(alice));
        List<WsTestClient> sockets = List.of(live(alice), live(alice), live(alice), live(alice));
        try {
            for (int round = 0; round < 10; round++) {
                var payload = send(conv, "same-" + round, "once " + round);
                List<JsonNode> acks = sockets.stream().map(s -> s.request("message.send", payload)).toList()
                        .stream().map(f -> ackData(f.join())).toList();
                assertThat(acks.stream().map(a -> a.path("message").path("id").asText()).distinct()).hasSize(1);
                assertThat(acks.stream().map(a -> a.path("message").path("seq").asLong()).distinct()).containsExactly(round + 1L);
                assertThat(acks.stream().filter(a -> !a.path("duplicate").asBoolean())).hasSize(1);
            }
        } finally {
            sockets.forEach(WsTestClient::close);
        }
        JsonNode history = api.as(bob.accessToken()).get("/api/conversations/" + conv + "/messages").json();
        assertThat(history.path("items")).hasSize(10);
    }

    @Test
    void everyAcknowledgedMessageIsAlreadyCommittedWhenItsAckArrives() throws Exception {
        List<Account> senders = List.of(api.signup("c1"), api.signup("c2"), api.signup("c3"), api.signup("c4"));
        String conv = group(api.signup("owner"), senders);
        Set<String> missing = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        List<WsTestClient> sockets = senders.stream().map(this::live).toList();
        try (Connection observer = observer()) {
            for (int k = 0; k < 40; k++) {
                for (WsTestClient s : sockets) {
                    // Checked on the socket's own thread the moment the ack arrives, from a connection of our own.
                    checks.add(s.request("message.send", send(conv, UUID.randomUUID().toString(), "c" + k)).thenAccept(f -> {
                        String id = ackData(f).path("message").path("id").asText();
                        if (!committed(observer, id)) missing.add(id);
                    }));
                }
            }
            checks.forEach(CompletableFuture::join);
        } finally {
            sockets.forEach(WsTestClient::close);
        }
        assertThat(missing).as("acknowledged but not visible to another connection").isEmpty();
    }

    @Test
    void aFailedCommitRefusesEverySendOfItsBatchAndAcknowledgesNone() {
        List<Account> senders = List.of(api.signup("f1"), api.signup("f2"), api.signup("f3"), api.signup("f4"), api.signup("f5"));
        Account watcher = api.signup("fw");
        String conv = group(watcher, senders);
        List<WsTestClient> sockets = senders.stream().map(this::live).toList();
        try (var w = live(watcher)) {
            refuseMessageInserts(true);
            try {
                List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
                for (int k = 0; k < 6; k++) {
                    for (WsTestClient s : sockets) answers.add(s.request("message.send", send(conv, "f-" + k, "doomed " + k)));
                }
                for (var a : answers) {
                    JsonNode f = a.join();
                    assertThat(f.path("type").asText()).as(f.toString()).isEqualTo("error");
                    assertThat(f.path("code").asText()).isEqualTo("message_not_saved");
                }
            } finally {
                refuseMessageInserts(false);
            }
            // The retry of a refused send is a new message; the watcher's first message.created is it, seq 1.
            JsonNode ok = sockets.getFirst().ack("message.send", send(conv, "f-0", "saved now"));
            assertThat(ok.path("duplicate").asBoolean()).isFalse();
            assertThat(ok.path("message").path("seq").asLong()).isEqualTo(1);
            w.awaitEvent("message.created", d -> d.path("message").path("text").asText().equals("saved now"));
            assertThat(w.events("message.created")).hasSize(1);
        } finally {
            sockets.forEach(WsTestClient::close);
        }
        assertThat(api.as(watcher.accessToken()).get("/api/conversations/" + conv + "/messages").json().path("items")).hasSize(1);
    }

    @Test
    void aMemberWhoLeftCannotSendAndOneWhoRejoinedCan() {
        Account owner = api.signup("lo"), bob = api.signup("lb");
        JsonNode g = api.as(owner.accessToken()).post("/api/conversations/groups", Map.of("name", "Leavers")).json();
        String conv = g.path("id").asText();
        Api asBob = api.as(bob.accessToken());
        assertThat(asBob.post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
        try (var b = live(bob)) {
            b.ack("message.send", send(conv, "l-1", "in"));
            assertThat(asBob.post("/api/conversations/" + conv + "/leave", Map.of()).status()).isIn(200, 204);
            JsonNode refused = b.call("message.send", send(conv, "l-2", "out"));
            assertThat(refused.path("code").asText()).as(refused.toString()).isEqualTo("not_found");
            assertThat(asBob.post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
            assertThat(b.ack("message.send", send(conv, "l-3", "back")).path("message").path("seq").asLong()).isEqualTo(2);
        }
    }

    // ---- helpers ----

    private WsTestClient live(Account a) {
        return WsTestClient.live(server.baseUrl(), a.accessToken());
    }

    private String group(Account owner, List<Account> members) {
        JsonNode g = api.as(owner.accessToken()).post("/api/conversations/groups", Map.of("name", "Batch")).json();
        for (Account m : members) {
            Api.Res r = api.as(m.accessToken()).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        return g.path("id").asText();
    }

    private static Map<String, Object> send(String conv, String clientMsgId, String text) {
        return Map.of("conversationId", conv, "clientMsgId", clientMsgId, "text", text);
    }

    private static JsonNode ackData(JsonNode frame) {
        if (!frame.path("type").asText().equals("ack")) throw new AssertionError("refused: " + frame);
        return frame.path("data");
    }

    private Jdbi jdbi() {
        return server.juntos().platform().db().jdbi();
    }

    /** A connection of the test's own: it sees only what has committed. */
    private Connection observer() throws SQLException {
        if (engine() == Engine.SQLITE) return DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("juntos.db"));
        return jdbi().open().getConnection();
    }

    private static boolean committed(Connection c, String messageId) {
        synchronized (c) {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE id = ?")) {
                ps.setString(1, messageId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Makes the database itself refuse every new message (a trigger), as a failing disk or constraint would. */
    private void refuseMessageInserts(boolean refuse) {
        jdbi().useHandle(h -> {
            if (engine() == Engine.SQLITE) {
                h.execute(refuse ? "CREATE TRIGGER refuse_messages BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                        : "DROP TRIGGER refuse_messages");
            } else if (refuse) {
                h.execute("CREATE OR REPLACE FUNCTION refuse_messages() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql");
                h.execute("CREATE TRIGGER refuse_messages BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_messages()");
            } else {
                h.execute("DROP TRIGGER refuse_messages ON messages");
            }
        });
    }
}
