package io.juntos.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.config.Env;
import io.juntos.gateway.GatewayConfig;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversations and messages end to end, with real WebSocket clients; run on SQLite and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConversationsContract {
    /** The default resume bounds (the gateway's, shared by every stream). */
    static final GatewayConfig RESUME = GatewayConfig.from(new Env(Map.of()));
    TestServer server;
    Api api;

    abstract Engine engine();

    @BeforeAll
    void start() {
        server = TestServer.start(engine());
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    // ---- helpers ----

    Api as(Account a) {
        return api.as(a.accessToken());
    }

    JsonNode createGroup(Account owner, String name) {
        Api.Res r = as(owner).post("/api/conversations/groups", Map.of("name", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    String group(Account owner, Account... members) {
        JsonNode g = createGroup(owner, "Group " + UUID.randomUUID().toString().substring(0, 6));
        for (Account m : members) {
            Api.Res r = as(m).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        return g.path("id").asText();
    }

    JsonNode send(Account a, String conversationId, String text) {
        Api.Res r = as(a).post("/api/conversations/" + conversationId + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("message");
    }

    WsTestClient live(Account a) {
        return WsTestClient.live(server.baseUrl(), a.accessToken());
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) map.put((String) kv[i], kv[i + 1]);
        return map;
    }

    static List<Long> seqs(WsTestClient c, String conversationId) {
        return c.events("message.created").stream().map(f -> f.path("data").path("message"))
                .filter(msg -> msg.path("conversationId").asText().equals(conversationId)).map(msg -> msg.path("seq").asLong()).toList();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- delivery ----

    @Test
    void deliversMessageToEveryMemberAndTheSendersOtherDevices() {
        Account alice = api.signup("alice"), bob = api.signup("bob"), carol = api.signup("carol");
        String conv = group(alice, bob, carol);
        try (var a1 = live(alice); var a2 = live(alice); var b = live(bob); var c = live(carol)) {
            JsonNode ack = a1.ack("message.send", m("conversationId", conv, "clientMsgId", "m-1", "text", "hello all"));
            JsonNode msg = ack.path("message");
            assertThat(msg.path("seq").asLong()).isEqualTo(1);
            assertThat(ack.path("duplicate").asBoolean()).isFalse();
            for (var client : List.of(a1, a2, b, c)) {
                JsonNode got = client.awaitEvent("message.created", d -> d.path("message").path("id").asText().equals(msg.path("id").asText()));
                assertThat(got.path("message").path("text").asText()).isEqualTo("hello all");
                assertThat(got.path("message").path("senderId").asText()).isEqualTo(alice.id());
            }
        }
    }

    @Test
    void retryWithTheSameClientIdReturnsTheSameMessageNeverADuplicate() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        try (var a = live(alice); var b = live(bob)) {
            var payload = m("conversationId", conv, "clientMsgId", "retry-1", "text", "once");
            JsonNode first = a.ack("message.send", payload);
            JsonNode second = a.ack("message.send", payload);
            assertThat(second.path("message").path("id").asText()).isEqualTo(first.path("message").path("id").asText());
            assertThat(second.path("duplicate").asBoolean()).isTrue();
            Api.Res rest = as(alice).post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", "retry-1", "text", "once"));
            assertThat(rest.status()).isEqualTo(200);
            assertThat(rest.json().path("message").path("id").asText()).isEqualTo(first.path("message").path("id").asText());
            b.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("retry-1"));
            a.ack("message.send", m("conversationId", conv, "clientMsgId", "after", "text", "next"));
            b.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("after"));
            assertThat(seqs(b, conv)).containsExactly(1L, 2L);
        }
        JsonNode history = as(bob).get("/api/conversations/" + conv + "/messages").json();
        assertThat(history.path("items")).hasSize(2);
    }

    @Test
    void concurrentRetriesOfOneClientIdCommitOneMessage() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        List<CompletableFuture<Api.Res>> tries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tries.add(CompletableFuture.supplyAsync(() -> as(alice).post("/api/conversations/" + conv + "/messages",
                    Map.of("clientMsgId", "race", "text", "same"))));
        }
        var ids = tries.stream().map(CompletableFuture::join).peek(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201))
                .map(r -> r.json().path("message").path("id").asText()).distinct().toList();
        assertThat(ids).hasSize(1);
        assertThat(as(bob).get("/api/conversations/" + conv + "/messages").json().path("items")).hasSize(1);
    }

    @Test
    void concurrentSendersStillReachEveryMemberOnceInOrder() {
        Account a = api.signup("s1"), b = api.signup("s2"), c = api.signup("s3"), d = api.signup("s4"), watcher = api.signup("w");
        String conv = group(a, b, c, d, watcher);
        try (var w1 = live(watcher); var w2 = live(watcher)) {
            // Commits are serialized but their notices race to the bus: some arrive out of order.
            var senders = List.of(a, b, c, d).stream().map(acc -> CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) send(acc, conv, acc.username() + " " + i);
            })).toList();
            senders.forEach(CompletableFuture::join);
            for (var w : List.of(w1, w2)) {
                w.awaitEvent("message.created", x -> x.path("message").path("seq").asLong() == 100);
                pause(100);
                assertThat(seqs(w, conv)).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
            }
        }
    }

    @Test
    void offlineMemberReceivesTheBacklogInOrderWithoutGapsOrDuplicates() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        for (int i = 1; i <= 25; i++) send(alice, conv, "offline " + i);
        try (var b = WsTestClient.ready(server.baseUrl(), bob.accessToken())) {
            // Messages keep arriving while bob connects and resumes.
            var more = CompletableFuture.runAsync(() -> {
                for (int i = 26; i <= 40; i++) send(alice, conv, "live " + i);
            });
            pause(20);
            JsonNode ack = b.ack("resume", m("streams", m("conv." + conv, 3L)));
            JsonNode result = ack.path("streams").get(0);
            assertThat(result.path("status").asText()).isEqualTo("replayed");
            assertThat(result.path("fromSeq").asLong()).isEqualTo(4);
            more.join();
            b.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == 40);
            pause(200);
            assertThat(seqs(b, conv)).containsExactlyElementsOf(LongStream.rangeClosed(4, 40).boxed().toList());
        }
    }

    @Test
    void resumeAfterALargeGapAnswersLimitedWithTheNewestPage() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        int total = RESUME.resumeBound() + 20;
        for (int i = 1; i <= total; i++) send(alice, conv, "m" + i);
        try (var b = WsTestClient.ready(server.baseUrl(), bob.accessToken())) {
            JsonNode r = b.ack("resume", m("streams", m("conv." + conv, 0L))).path("streams").get(0);
            assertThat(r.path("status").asText()).isEqualTo("limited");
            assertThat(r.path("toSeq").asLong()).isEqualTo(total);
            assertThat(r.path("fromSeq").asLong()).isEqualTo(total - RESUME.resumePage() + 1);
            b.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == total);
            assertThat(seqs(b, conv)).containsExactlyElementsOf(LongStream.rangeClosed(total - 99, total).boxed().toList());
        }
        // ...and the client pages back over REST.
        JsonNode page = as(bob).get("/api/conversations/" + conv + "/messages?before=" + (total - 99) + "&limit=100").json();
        assertThat(page.path("items")).hasSize(100);
        assertThat(page.path("items").get(0).path("seq").asLong()).isEqualTo(total - 199);
        assertThat(page.path("items").get(99).path("seq").asLong()).isEqualTo(total - 100);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        JsonNode after = as(bob).get("/api/conversations/" + conv + "/messages?after=" + (total - 2)).json();
        assertThat(after.path("items")).hasSize(2);
        assertThat(after.path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void aClientThatNeverResumesStillGetsEverythingSentSinceItConnected() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        send(alice, conv, "before connect");
        try (var b = WsTestClient.ready(server.baseUrl(), bob.accessToken())) {
            send(alice, conv, "after connect");
            b.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == 2);
            send(alice, conv, "later");
            b.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == 3);
            assertThat(seqs(b, conv)).containsExactly(2L, 3L);
        }
    }

    // ---- receipts, typing, presence ----

    @Test
    void deliveredAndReadReceiptsReachTheSender() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = as(alice).post("/api/conversations/direct", Map.of("userId", bob.id())).json().path("id").asText();
        try (var a = live(alice); var b = live(bob); var b2 = live(bob)) {
            long seq = a.ack("message.send", m("conversationId", conv, "clientMsgId", "r1", "text", "did you get it?")).path("message").path("seq").asLong();
            b.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == seq);
            JsonNode delivered = b.ack("receipt", m("conversationId", conv, "kind", "delivered", "seq", seq));
            assertThat(delivered.path("deliveredSeq").asLong()).isEqualTo(seq);
            assertThat(delivered.path("unread").asLong()).isEqualTo(1);
            a.awaitEvent("receipt", d -> d.path("userId").asText().equals(bob.id()) && d.path("deliveredSeq").asLong() == seq && d.path("readSeq").asLong() == 0);
            JsonNode read = b.ack("receipt", m("conversationId", conv, "kind", "read", "seq", seq));
            assertThat(read.path("unread").asLong()).isZero();
            a.awaitEvent("receipt", d -> d.path("userId").asText().equals(bob.id()) && d.path("readSeq").asLong() == seq);
            // the read marker syncs to the reader's other device
            b2.awaitEvent("receipt", d -> d.path("userId").asText().equals(bob.id()) && d.path("readSeq").asLong() == seq);
            // markers never move back
            assertThat(b.ack("receipt", m("conversationId", conv, "kind", "read", "seq", 0)).path("readSeq").asLong()).isEqualTo(seq);
        }
        JsonNode list = as(bob).get("/api/conversations").json().path("items").get(0);
        assertThat(list.path("unread").asLong()).isZero();
        assertThat(list.path("lastMessage").path("text").asText()).isEqualTo("did you get it?");
    }

    @Test
    void groupReceiptsGivePerMemberStateAndCounts() {
        Account alice = api.signup("alice"), bob = api.signup("bob"), carol = api.signup("carol");
        String conv = group(alice, bob, carol);
        JsonNode msg = send(alice, conv, "status?");
        long seq = msg.path("seq").asLong();
        assertThat(as(bob).post("/api/conversations/" + conv + "/receipts", Map.of("kind", "read", "seq", seq)).status()).isEqualTo(200);
        assertThat(as(carol).post("/api/conversations/" + conv + "/receipts", Map.of("kind", "delivered", "seq", seq)).status()).isEqualTo(200);
        JsonNode r = as(alice).get("/api/conversations/" + conv + "/messages/" + msg.path("id").asText() + "/receipts").json();
        assertThat(r.path("counts").path("recipients").asInt()).isEqualTo(2);
        assertThat(r.path("counts").path("delivered").asInt()).isEqualTo(2);
        assertThat(r.path("counts").path("read").asInt()).isEqualTo(1);
        Map<String, String> states = new HashMap<>();
        r.path("members").forEach(x -> states.put(x.path("userId").asText(), x.path("state").asText()));
        assertThat(states).containsEntry(bob.id(), "read").containsEntry(carol.id(), "delivered").doesNotContainKey(alice.id());
        JsonNode carolView = as(carol).get("/api/conversations/" + conv).json();
        assertThat(carolView.path("unread").asLong()).isEqualTo(1);
    }

    @Test
    void typingReachesOtherMembersIsThrottledAndCarriesAnExpiry() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        try (var a = live(alice); var b = live(bob)) {
            assertThat(a.ack("typing", m("conversationId", conv)).has("throttled")).isFalse();
            assertThat(a.ack("typing", m("conversationId", conv)).path("throttled").asBoolean()).isTrue();
            JsonNode t = b.awaitEvent("typing", d -> d.path("userId").asText().equals(alice.id()));
            assertThat(t.path("state").asText()).isEqualTo("start");
            assertThat(t.path("expiresInMs").asLong()).isPositive();
            a.ack("typing", m("conversationId", conv, "state", "stop"));
            b.awaitEvent("typing", d -> d.path("state").asText().equals("stop"));
            assertThat(b.events("typing")).hasSize(2);
        }
    }

    @Test
    void presenceIsAnnouncedOnlyToPeopleWhoShareAConversation() {
        Account alice = api.signup("alice"), bob = api.signup("bob"), stranger = api.signup("stranger");
        group(alice, bob);
        try (var b = live(bob); var s = live(stranger)) {
            var a = live(alice);
            b.awaitEvent("presence", d -> d.path("userId").asText().equals(alice.id()) && d.path("online").asBoolean());
            a.close();
            JsonNode off = b.awaitEvent("presence", d -> d.path("userId").asText().equals(alice.id()) && !d.path("online").asBoolean());
            assertThat(off.path("lastSeenAt").asText()).isNotEmpty();
            pause(200);
            assertThat(s.events("presence")).isEmpty();
        }
    }

    @Test
    void membersShowPresenceAndRoles() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        try (var a = live(alice)) {
            JsonNode members = as(bob).get("/api/conversations/" + conv + "/members").json().path("items");
            Map<String, JsonNode> byId = new HashMap<>();
            members.forEach(x -> byId.put(x.path("user").path("id").asText(), x));
            assertThat(byId.get(alice.id()).path("online").asBoolean()).isTrue();
            assertThat(byId.get(alice.id()).path("role").asText()).isEqualTo("owner");
            assertThat(byId.get(bob.id()).path("online").asBoolean()).isFalse();
            assertThat(byId.get(bob.id()).path("role").asText()).isEqualTo("member");
            assertThat(byId.get(bob.id()).path("user").has("email")).isFalse();
        }
    }

    // ---- edit, delete, reactions, search ----

    @Test
    void editDeleteAndReactionsReachMembersAndDeleteErasesTheContent() throws Exception {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        try (var a = live(alice); var b = live(bob)) {
            JsonNode msg = a.ack("message.send", m("conversationId", conv, "clientMsgId", "e1", "text", "secret plans")).path("message");
            String id = msg.path("id").asText();
            JsonNode edited = a.ack("message.edit", m("conversationId", conv, "messageId", id, "text", "public plans")).path("message");
            assertThat(edited.path("text").asText()).isEqualTo("public plans");
            assertThat(edited.path("editedAt").asText()).isNotEmpty();
            b.awaitEvent("message.updated", d -> d.path("message").path("text").asText().equals("public plans"));
            assertThat(b.call("message.edit", m("conversationId", conv, "messageId", id, "text", "hijack")).path("code").asText()).isEqualTo("not_allowed");

            JsonNode reacted = b.ack("reaction.add", m("conversationId", conv, "messageId", id, "emoji", "👍")).path("message");
            assertThat(reacted.path("reactions").get(0).path("emoji").asText()).isEqualTo("👍");
            assertThat(reacted.path("reactions").get(0).path("userIds").get(0).asText()).isEqualTo(bob.id());
            a.awaitEvent("message.updated", d -> d.path("message").path("reactions").size() == 1);
            assertThat(b.call("reaction.add", m("conversationId", conv, "messageId", id, "emoji", "abc")).path("code").asText()).isEqualTo("validation_failed");
            JsonNode unreacted = b.ack("reaction.remove", m("conversationId", conv, "messageId", id, "emoji", "👍")).path("message");
            assertThat(unreacted.has("reactions") && unreacted.path("reactions").size() > 0).isFalse();

            b.ack("reaction.add", m("conversationId", conv, "messageId", id, "emoji", "🎉"));
            JsonNode deleted = a.ack("message.delete", m("conversationId", conv, "messageId", id)).path("message");
            assertThat(deleted.has("text")).isFalse();
            assertThat(deleted.path("deletedAt").asText()).isNotEmpty();
            assertThat(deleted.path("seq").asLong()).isEqualTo(msg.path("seq").asLong());
            b.awaitEvent("message.updated", d -> d.path("message").path("id").asText().equals(id) && d.path("message").has("deletedAt"));
            assertThat(a.call("message.edit", m("conversationId", conv, "messageId", id, "text", "back")).path("code").asText()).isEqualTo("message_deleted");
            assertThat(b.call("reaction.add", m("conversationId", conv, "messageId", id, "emoji", "👍")).path("code").asText()).isEqualTo("message_deleted");

            // Gone from storage: the row keeps only the tombstone; no reaction, no indexed word.
            try (var db = server.juntos().platform().db().dataSource().getConnection();
                 var st = db.prepareStatement("SELECT body, deleted_at FROM messages WHERE id = ?")) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isNull();
                    assertThat(rs.getLong(2)).isPositive();
                }
            }
            try (var db = server.juntos().platform().db().dataSource().getConnection();
                 var st = db.prepareStatement("SELECT COUNT(*) FROM message_reactions WHERE message_id = ?")) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
            assertThat(as(alice).get("/api/search/messages?q=plans").json().path("items")).isEmpty();
        }
    }

    @Test
    void searchFindsWordsInTheCallersConversationsNewestFirstPaged() {
        Account alice = api.signup("alice"), bob = api.signup("bob"), eve = api.signup("eve");
        String conv = group(alice, bob);
        String other = group(eve);
        send(alice, conv, "the zebrafish tank is ready");
        send(bob, conv, "Zebrafish are fun");
        send(alice, conv, "unrelated words");
        send(bob, conv, "more zebrafishes please");
        send(eve, other, "eve's zebrafish is private");
        JsonNode first = as(alice).get("/api/search/messages?q=zebrafish&limit=2").json();
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("items").get(0).path("text").asText()).isEqualTo("more zebrafishes please");
        assertThat(first.path("items").get(1).path("text").asText()).isEqualTo("Zebrafish are fun");
        String next = first.path("nextBefore").asText();
        JsonNode second = as(alice).get("/api/search/messages?q=zebrafish&limit=2&before=" + next).json();
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("items").get(0).path("text").asText()).isEqualTo("the zebrafish tank is ready");
        assertThat(second.path("nextBefore").isNull() || second.path("nextBefore").isMissingNode()).isTrue();
        assertThat(as(alice).get("/api/search/messages?q=tank%20ready").json().path("items")).hasSize(1);
        // query syntax never reaches the engine: operators are just words, punctuation alone is no query
        assertThat(as(alice).get("/api/search/messages?q=" + "%22zebrafish%22%29%20OR%20*").json().path("items")).isEmpty();
        assertThat(as(alice).get("/api/search/messages?q=" + "%22%29%20*%3A").status()).isEqualTo(422);
        assertThat(as(eve).get("/api/search/messages?q=zebrafish").json().path("items")).hasSize(1);
        assertThat(as(alice).get("/api/search/messages").status()).isEqualTo(422);
    }

    // ---- authorization ----

    @Test
    void aNonMemberGetsNotFoundForEveryConversationRouteAndFrame() {
        Account alice = api.signup("alice"), outsider = api.signup("outsider");
        String conv = group(alice);
        String msgId = send(alice, conv, "members only").path("id").asText();
        Api o = as(outsider);
        String base = "/api/conversations/" + conv;
        List<Api.Res> answers = List.of(
                o.get(base), o.put(base, Map.of("name", "mine")), o.post(base + "/code", Map.of()), o.post(base + "/leave", Map.of()),
                o.get(base + "/members"), o.put(base + "/members/" + alice.id(), Map.of("role", "member")), o.delete(base + "/members/" + alice.id()),
                o.get(base + "/messages"), o.post(base + "/messages", Map.of("clientMsgId", "x", "text", "intrude")),
                o.put(base + "/messages/" + msgId, Map.of("text", "x")), o.delete(base + "/messages/" + msgId),
                o.put(base + "/messages/" + msgId + "/reactions/%F0%9F%91%8D", Map.of()), o.delete(base + "/messages/" + msgId + "/reactions/%F0%9F%91%8D"),
                o.get(base + "/messages/" + msgId + "/receipts"), o.post(base + "/receipts", Map.of("kind", "read", "seq", 1)),
                o.get("/api/search/messages?q=members&conversationId=" + conv));
        for (Api.Res r : answers.subList(0, answers.size() - 1)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("members only");
        }
        assertThat(answers.getLast().json().path("items")).isEmpty();
        try (var c = WsTestClient.ready(server.baseUrl(), outsider.accessToken())) {
            for (var f : List.of(
                    c.call("message.send", m("conversationId", conv, "clientMsgId", "x", "text", "intrude")),
                    c.call("message.edit", m("conversationId", conv, "messageId", msgId, "text", "x")),
                    c.call("message.delete", m("conversationId", conv, "messageId", msgId)),
                    c.call("reaction.add", m("conversationId", conv, "messageId", msgId, "emoji", "👍")),
                    c.call("receipt", m("conversationId", conv, "kind", "read", "seq", 1)),
                    c.call("typing", m("conversationId", conv)))) {
                assertThat(f.path("type").asText()).isEqualTo("error");
                assertThat(f.path("code").asText()).isEqualTo("not_found");
            }
            JsonNode r = c.ack("resume", m("streams", m("conv." + conv, 0L))).path("streams").get(0);
            assertThat(r.path("status").asText()).isEqualTo("not_found");
            pause(100);
            assertThat(c.events("message.created")).isEmpty();
        }
        assertThat(as(alice).get(base + "/messages").json().path("items")).hasSize(1);
    }

    @Test
    void aRemovedMemberStopsReceivingAtOnce() {
        Account alice = api.signup("alice"), bob = api.signup("bob"), carol = api.signup("carol");
        String conv = group(alice, bob, carol);
        try (var a = live(alice); var b = live(bob); var c = live(carol)) {
            send(alice, conv, "before");
            b.awaitEvent("message.created", d -> d.path("message").path("text").asText().equals("before"));
            assertThat(as(alice).delete("/api/conversations/" + conv + "/members/" + bob.id()).status()).isEqualTo(204);
            b.awaitEvent("conversation.left", d -> d.path("conversationId").asText().equals(conv) && d.path("reason").asText().equals("removed"));
            c.awaitEvent("member.left", d -> d.path("userId").asText().equals(bob.id()));
            send(alice, conv, "after");
            a.ack("typing", m("conversationId", conv));
            c.awaitEvent("message.created", d -> d.path("message").path("text").asText().equals("after"));
            pause(200);
            assertThat(b.events("message.created")).hasSize(1);
            assertThat(b.events("typing")).isEmpty();
            assertThat(b.call("message.send", m("conversationId", conv, "clientMsgId", "z", "text", "still here?")).path("code").asText()).isEqualTo("not_found");
        }
        assertThat(as(bob).get("/api/conversations/" + conv + "/messages").status()).isEqualTo(404);
    }

    // ---- conversations and groups ----

    @Test
    void openingADirectConversationTwiceReturnsTheSameOne() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        try (var b = live(bob)) {
            Api.Res first = as(alice).post("/api/conversations/direct", Map.of("username", bob.username()));
            assertThat(first.status()).isEqualTo(201);
            Api.Res again = as(alice).post("/api/conversations/direct", Map.of("userId", bob.id()));
            Api.Res fromBob = as(bob).post("/api/conversations/direct", Map.of("userId", alice.id()));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
            assertThat(fromBob.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
            assertThat(first.json().path("peer").path("id").asText()).isEqualTo(bob.id());
            JsonNode joined = b.awaitEvent("conversation.joined", d -> d.path("conversation").path("id").asText().equals(first.json().path("id").asText()));
            assertThat(joined.path("conversation").path("peer").path("id").asText()).isEqualTo(alice.id());
            // bob's socket follows the new conversation at once
            send(alice, first.json().path("id").asText(), "hi bob");
            b.awaitEvent("message.created", d -> d.path("message").path("text").asText().equals("hi bob"));
        }
        assertThat(as(alice).post("/api/conversations/direct", Map.of("userId", alice.id())).status()).isEqualTo(422);
        assertThat(as(alice).post("/api/conversations/direct", Map.of("username", "nobody-here")).status()).isEqualTo(404);
        String direct = as(alice).post("/api/conversations/direct", Map.of("userId", bob.id())).json().path("id").asText();
        assertThat(as(alice).post("/api/conversations/" + direct + "/leave", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void groupsJoinByCodeOrInviteAndOnlyModeratorsChangeThem() {
        Account alice = api.signup("alice"), bob = api.signup("bob"), carol = api.signup("carol");
        JsonNode g = createGroup(alice, "  Movie night ");
        String conv = g.path("id").asText();
        assertThat(g.path("name").asText()).isEqualTo("Movie night");
        assertThat(g.path("role").asText()).isEqualTo("owner");
        String code = g.path("joinCode").asText();
        String invite = g.path("inviteUrl").asText().replaceFirst(".*/join/", "");
        assertThat(as(bob).post("/api/conversations/join", Map.of("code", code.toLowerCase())).status()).isEqualTo(201);
        assertThat(as(bob).post("/api/conversations/join", Map.of("code", code)).status()).isEqualTo(200);
        assertThat(as(carol).get("/api/invites/" + invite).json().path("memberCount").asInt()).isEqualTo(2);
        try (var a = live(alice)) {
            assertThat(as(carol).post("/api/conversations/join", Map.of("invite", invite)).status()).isEqualTo(201);
            a.awaitEvent("member.joined", d -> d.path("member").path("user").path("id").asText().equals(carol.id()));
            assertThat(as(bob).put("/api/conversations/" + conv, Map.of("name", "Bob's")).status()).isEqualTo(403);
            assertThat(as(alice).put("/api/conversations/" + conv + "/members/" + bob.id(), Map.of("role", "admin")).status()).isEqualTo(200);
            a.awaitEvent("member.updated", d -> d.path("member").path("role").asText().equals("admin"));
            assertThat(as(bob).put("/api/conversations/" + conv, Map.of("name", "Film night")).json().path("name").asText()).isEqualTo("Film night");
            a.awaitEvent("conversation.updated", d -> d.path("conversation").path("name").asText().equals("Film night"));
            JsonNode fresh = as(bob).post("/api/conversations/" + conv + "/code", Map.of()).json();
            assertThat(fresh.path("joinCode").asText()).isNotEqualTo(code);
        }
        Account dave = api.signup("dave");
        assertThat(as(dave).post("/api/conversations/join", Map.of("code", code)).status()).isEqualTo(404);
        assertThat(as(dave).post("/api/conversations/join", Map.of("invite", invite)).status()).isEqualTo(404);
        assertThat(as(bob).delete("/api/conversations/" + conv + "/members/" + alice.id()).status()).isEqualTo(403);
        assertThat(as(carol).delete("/api/conversations/" + conv + "/members/" + bob.id()).status()).isEqualTo(403);
        // the owner leaves: the admin inherits
        assertThat(as(alice).post("/api/conversations/" + conv + "/leave", Map.of()).status()).isEqualTo(204);
        assertThat(as(bob).get("/api/conversations/" + conv).json().path("role").asText()).isEqualTo("owner");
        assertThat(as(alice).get("/api/conversations/" + conv).status()).isEqualTo(404);
    }

    @Test
    void groupCreationJoinAndLeaveAreInTheActivityLog() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        assertThat(as(bob).post("/api/conversations/" + conv + "/leave", Map.of()).status()).isEqualTo(204);
        List<String> aliceKinds = new ArrayList<>();
        as(alice).get("/api/activity").json().path("items").forEach(e -> aliceKinds.add(e.path("kind").asText()));
        List<String> bobKinds = new ArrayList<>();
        as(bob).get("/api/activity").json().path("items").forEach(e -> bobKinds.add(e.path("kind").asText()));
        assertThat(aliceKinds).contains("conversation.create");
        assertThat(bobKinds).contains("conversation.join", "conversation.leave");
    }

    @Test
    void wrongJoinCodesAreThrottled() {
        Account mallory = api.signup("mallory");
        for (int i = 0; i < 10; i++) {
            assertThat(as(mallory).post("/api/conversations/join", Map.of("code", "WRONG" + i)).status()).isEqualTo(404);
        }
        Api.Res r = as(mallory).post("/api/conversations/join", Map.of("code", "WRONG"));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isPresent();
    }

    // ---- bad input ----

    @Test
    void badMessagesGetClearErrorsAndChangeNothing() {
        Account alice = api.signup("alice");
        String conv = group(alice);
        String path = "/api/conversations/" + conv + "/messages";
        Api a = as(alice);
        assertThat(a.post(path, Map.of("clientMsgId", "e", "text", "")).code()).isEqualTo("validation_failed");
        assertThat(a.post(path, Map.of("clientMsgId", "w", "text", " \n\t ")).code()).isEqualTo("validation_failed");
        assertThat(a.post(path, Map.of("clientMsgId", "l", "text", "x".repeat(4001))).status()).isEqualTo(422);
        assertThat(a.post(path, Map.of("clientMsgId", "ok", "text", "😀".repeat(4000))).status()).isEqualTo(201);
        assertThat(a.post(path, Map.of("text", "no id")).json().path("errors").get(0).path("field").asText()).isEqualTo("clientMsgId");
        assertThat(a.post(path, Map.of("clientMsgId", "u", "text", "x", "color", "red")).code()).isEqualTo("unknown_field");
        assertThat(a.post(path, Map.of("clientMsgId", "r", "text", "x", "replyToId", "01aaaaaaaaaaaaaaaaaaaaaaaa")).status()).isEqualTo(422);
        assertThat(a.post(path, "{not json").code()).isEqualTo("malformed_json");
        assertThat(a.get(path + "?limit=500").status()).isEqualTo(422);
        assertThat(a.get(path + "?before=-1").status()).isEqualTo(422);
        assertThat(a.get("/api/conversations/not-an-id/messages").status()).isEqualTo(404);
        assertThat(a.post("/api/conversations/groups", Map.of("name", " ")).status()).isEqualTo(422);
        assertThat(a.get(path).json().path("items")).hasSize(1);
        assertThat(api.get("/api/conversations").status()).isEqualTo(401);
        try (var c = live(alice)) {
            JsonNode err = c.call("message.send", m("conversationId", conv, "clientMsgId", "e2", "text", "   "));
            assertThat(err.path("code").asText()).isEqualTo("validation_failed");
            assertThat(err.path("errors").get(0).path("field").asText()).isEqualTo("text");
            JsonNode reply = c.ack("message.send", m("conversationId", conv, "clientMsgId", "re", "text", "reply",
                    "replyToId", a.get(path).json().path("items").get(0).path("id").asText()));
            assertThat(reply.path("message").path("replyToId").asText()).hasSize(26);
        }
    }

    @Test
    void resumeAlsoReplaysEditsAndDeletionsSinceTheClientsLastEvent() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        JsonNode one = send(alice, conv, "first");
        JsonNode two = send(alice, conv, "second");
        long since = System.currentTimeMillis();
        pause(5);
        as(alice).put("/api/conversations/" + conv + "/messages/" + one.path("id").asText(), Map.of("text", "first, edited"));
        as(alice).delete("/api/conversations/" + conv + "/messages/" + two.path("id").asText());
        try (var b = WsTestClient.ready(server.baseUrl(), bob.accessToken())) {
            b.ack("resume", m("streams", m("conv." + conv, 2L), "since", since));
            b.awaitEvent("message.updated", d -> d.path("message").path("text").asText().equals("first, edited"));
            b.awaitEvent("message.updated", d -> d.path("message").path("id").asText().equals(two.path("id").asText()) && d.path("message").has("deletedAt"));
            assertThat(b.events("message.created")).isEmpty();
            assertThat(b.call("resume", m("streams", m())).path("code").asText()).isEqualTo("already_resumed");
        }
    }

    @Test
    void slowDeliveryDoesNotBlockOtherRecipients() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String conv = group(alice, bob);
        try (var b = live(bob)) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) send(alice, conv, "burst " + i);
            b.awaitEvent("message.created", d -> d.path("message").path("text").asText().equals("burst 49"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(seqs(b, conv)).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        }
    }

    // ---- join codes (security review #3) and text rules (#5) ----

    @Test
    void onlyOwnersAndAdminsSeeTheJoinCodeAndInviteLink() {
        Account owner = api.signup("own"), member = api.signup("mem"), admin = api.signup("adm");
        String id = group(owner, member, admin);
        assertThat(as(owner).get("/api/conversations/" + id).json().path("joinCode").asText()).hasSize(8);
        JsonNode seen = as(member).get("/api/conversations/" + id).json();
        assertThat(seen.path("joinCode").isNull() || seen.path("joinCode").isMissingNode()).as(seen.toString()).isTrue();
        assertThat(seen.path("inviteUrl").isNull() || seen.path("inviteUrl").isMissingNode()).as(seen.toString()).isTrue();
        for (JsonNode c : as(member).get("/api/conversations").json().path("items")) {
            assertThat(c.path("joinCode").isNull() || c.path("joinCode").isMissingNode()).as(c.toString()).isTrue();
        }
        assertThat(as(owner).put("/api/conversations/" + id + "/members/" + admin.id(), Map.of("role", "admin")).status()).isEqualTo(200);
        assertThat(as(admin).get("/api/conversations/" + id).json().path("inviteUrl").asText()).contains("/#/join/");
        try (WsTestClient ws = live(member)) {
            assertThat(as(owner).put("/api/conversations/" + id, Map.of("name", "Renamed")).status()).isEqualTo(200);
            JsonNode updated = ws.awaitEvent("conversation.updated", d -> d.path("conversation").path("name").asText().equals("Renamed"));
            assertThat(updated.path("conversation").path("joinCode").isNull() || updated.path("conversation").path("joinCode").isMissingNode()).isTrue();
        }
    }

    @Test
    void aRemovedMemberCannotRejoinWithTheOldCodeOrLink() {
        Account owner = api.signup("own"), gone = api.signup("gone"), later = api.signup("later");
        JsonNode g = createGroup(owner, "Private");
        String id = g.path("id").asText();
        String code = g.path("joinCode").asText();
        String invite = g.path("inviteUrl").asText().replaceFirst(".*/#/join/", "");
        assertThat(as(gone).post("/api/conversations/join", Map.of("code", code)).status()).isEqualTo(201);
        assertThat(as(owner).delete("/api/conversations/" + id + "/members/" + gone.id()).status()).isEqualTo(204);
        assertThat(as(gone).post("/api/conversations/join", Map.of("code", code)).status()).isEqualTo(404);
        assertThat(as(gone).post("/api/conversations/join", Map.of("invite", invite)).status()).isEqualTo(404);
        assertThat(as(gone).get("/api/conversations/" + id).status()).isEqualTo(404);
        String fresh = as(owner).get("/api/conversations/" + id).json().path("joinCode").asText();
        assertThat(fresh).hasSize(8).isNotEqualTo(code);
        assertThat(as(later).post("/api/conversations/join", Map.of("code", fresh)).status()).isEqualTo(201);
    }

    @Test
    void controlCharactersInGroupNamesAndMessagesAre422WithTheField() {
        Account owner = api.signup("nul");
        var r = as(owner).post("/api/conversations/groups", "{\"name\":\"a\\u0000b\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("name");
        String id = group(owner);
        var m = as(owner).post("/api/conversations/" + id + "/messages", "{\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"text\":\"hi\\u0000there\"}");
        assertThat(m.status()).as(m.toString()).isEqualTo(422);
        assertThat(m.json().path("errors").get(0).path("field").asText()).isEqualTo("text");
        var sur = as(owner).post("/api/conversations/" + id + "/messages", "{\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"text\":\"\\ud83d\"}");
        assertThat(sur.status()).as(sur.toString()).isEqualTo(422);
        try (WsTestClient ws = live(owner)) {
            JsonNode err = ws.call("message.send", m("conversationId", id, "clientMsgId", UUID.randomUUID().toString(), "text", "x\u0001y"));
            assertThat(err.path("code").asText()).isEqualTo("validation_failed");
            assertThat(err.path("errors").get(0).path("field").asText()).isEqualTo("text");
        }
        assertThat(as(owner).get("/api/conversations/" + id + "/messages").json().path("items")).isEmpty();
    }
}
