package io.juntos.assist;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reply suggestions end to end: a real server, real WebSocket clients and a chat-completions
 * endpoint of the test's own streaming over a real socket. Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AssistContract {
    FakeChatServer model;
    TestServer server;
    Api api;

    abstract Engine engine();

    @BeforeAll
    void start() throws Exception {
        model = new FakeChatServer();
        server = TestServer.start(engine(), Map.of("JUNTOS_AI_URL", model.url(), "JUNTOS_AI_MODEL", "test-model",
                "JUNTOS_AI_KEY", "sk-test-secret", "JUNTOS_AI_IDLE_TIMEOUT", "600ms", "JUNTOS_AI_FIRST_TOKEN_TIMEOUT", "2s",
                "JUNTOS_AI_MAX_CONTEXT_MESSAGES", "5", "JUNTOS_LIMIT_ASSIST_PER_USER", "1000/1m"));
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (model != null) model.close();
    }

    record Pair(Account alice, Account bob, String conversationId) {
    }

    Pair pair() {
        Account alice = api.signup("al");
        Account bob = api.signup("bo");
        Api.Res g = api.as(alice.accessToken()).post("/api/conversations/groups", Map.of("name", "Trip"));
        String code = g.json().path("joinCode").asText();
        assertThat(api.as(bob.accessToken()).post("/api/conversations/join", Map.of("code", code)).status()).isEqualTo(201);
        return new Pair(alice, bob, g.json().path("id").asText());
    }

    JsonNode send(Account a, String conversationId, String text) {
        Api.Res r = api.as(a.accessToken()).post("/api/conversations/" + conversationId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("message");
    }

    static String id() {
        return "s-" + UUID.randomUUID();
    }

    @Test
    void suggestionsStreamToTheAskerAsTheModelWritesThem() {
        Pair p = pair();
        send(p.bob(), p.conversationId(), "¿Vienes mañana?");
        model.next = FakeChatServer.Behaviour.SPLIT_UTF8;
        try (var ws = WsTestClient.live(server.baseUrl(), p.alice().accessToken())) {
            String sid = id();
            JsonNode ack = ws.ack("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", sid));
            assertThat(ack.path("source").asText()).isEqualTo("model");
            JsonNode done = ws.awaitEvent("assist.done", d -> d.path("suggestionId").asText().equals(sid));
            assertThat(done.path("suggestions")).extracting(JsonNode::asText)
                    .containsExactly("Sí, claro 👍", "Maybe later?", "Let me check the café ☕");
            List<JsonNode> deltas = ws.events("assist.delta");
            // It streamed: the first suggestion was seen growing before it was complete.
            assertThat(deltas.size()).isGreaterThan(3);
            assertThat(deltas.getFirst().path("data").path("index").asInt()).isZero();
            assertThat(deltas.getFirst().path("data").path("text").asText()).isNotEqualTo("Sí, claro 👍");
        }
        assertThat(model.authorizations.getLast()).isEqualTo("Bearer sk-test-secret");
    }

    @Test
    void promptHoldsOnlyReadableUndeletedMessagesOfThatConversation() {
        Pair p = pair();
        Pair other = pair();
        send(other.bob(), other.conversationId(), "text from a conversation alice is not in");
        for (int i = 0; i < 6; i++) send(p.bob(), p.conversationId(), "old message " + i);
        JsonNode gone = send(p.bob(), p.conversationId(), "a message deleted for everyone");
        assertThat(api.as(p.bob().accessToken()).delete("/api/conversations/" + p.conversationId() + "/messages/" + gone.path("id").asText()).status())
                .isEqualTo(200);
        send(p.alice(), p.conversationId(), "shall we book the train?");
        send(p.bob(), p.conversationId(), "yes, friday works");
        model.next = FakeChatServer.Behaviour.SPLIT_UTF8;
        int before = model.bodies.size();
        try (var ws = WsTestClient.live(server.baseUrl(), p.alice().accessToken())) {
            String sid = id();
            ws.ack("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", sid));
            ws.awaitEvent("assist.done", d -> d.path("suggestionId").asText().equals(sid));
        }
        String prompt = model.bodies.get(before);
        assertThat(prompt).contains("\"model\":\"test-model\"", "\"stream\":true", "Me: shall we book the train?", "Person 1: yes, friday works")
                .doesNotContain("deleted for everyone", "not in", p.bob().username(), p.alice().username())
                // JUNTOS_AI_MAX_CONTEXT_MESSAGES=5: the oldest readable ones stay out.
                .contains("old message 5").doesNotContain("old message 2");
    }

    @Test
    void nonMemberGetsNotFoundAndNothingIsSent() {
        Pair p = pair();
        Account eve = api.signup("ev");
        int before = model.bodies.size();
        try (var ws = WsTestClient.live(server.baseUrl(), eve.accessToken())) {
            JsonNode err = ws.call("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", id()));
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("code").asText()).isEqualTo("not_found");
            JsonNode bad = ws.call("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", "has space"));
            assertThat(bad.path("code").asText()).isEqualTo("validation_failed");
        }
        assertThat(model.bodies).hasSize(before);
    }

    @Test
    void cancelClosesTheUpstreamConnectionAndNothingMoreArrives() throws Exception {
        Pair p = pair();
        model.clientGone = new java.util.concurrent.CountDownLatch(1);
        model.next = FakeChatServer.Behaviour.ENDLESS;
        try (var ws = WsTestClient.live(server.baseUrl(), p.alice().accessToken())) {
            String sid = id();
            ws.ack("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", sid));
            ws.awaitEvent("assist.delta", d -> d.path("suggestionId").asText().equals(sid));
            assertThat(ws.ack("assist.cancel", Map.of("suggestionId", sid)).path("cancelled").asBoolean()).isTrue();
            assertThat(model.clientGone.await(5, TimeUnit.SECONDS)).as("the endpoint saw the connection close").isTrue();
            // Sentinel: a later request answers, and the cancelled one never sent done or error.
            model.next = FakeChatServer.Behaviour.SPLIT_UTF8;
            String next = id();
            ws.ack("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", next));
            ws.awaitEvent("assist.done", d -> d.path("suggestionId").asText().equals(next));
            assertThat(ws.frames(f -> f.path("data").path("suggestionId").asText().equals(sid)
                    && List.of("assist.done", "assist.error").contains(f.path("type").asText()))).isEmpty();
            assertThat(ws.ack("assist.cancel", Map.of("suggestionId", sid)).path("cancelled").asBoolean()).isFalse();
        }
    }

    @Test
    void upstreamFailuresBecomeClearErrorFramesAndTheServerStaysHealthy() {
        Pair p = pair();
        send(p.bob(), p.conversationId(), "hello?");
        try (var ws = WsTestClient.live(server.baseUrl(), p.alice().accessToken())) {
            JsonNode limited = failure(ws, p, FakeChatServer.Behaviour.TOO_MANY);
            assertThat(limited.path("code").asText()).isEqualTo("ai_rate_limited");
            assertThat(limited.path("retryAfter").asLong()).isEqualTo(7);
            assertThat(failure(ws, p, FakeChatServer.Behaviour.FAILS).path("code").asText()).isEqualTo("ai_unavailable");
            assertThat(failure(ws, p, FakeChatServer.Behaviour.MALFORMED).path("code").asText()).isEqualTo("ai_bad_response");
            JsonNode stalled = failure(ws, p, FakeChatServer.Behaviour.STALLS);
            assertThat(stalled.path("code").asText()).isEqualTo("ai_timeout");
            assertThat(stalled.path("detail").asText()).contains("idle").doesNotContain("sk-test", "127.0.0.1");
            model.next = FakeChatServer.Behaviour.SPLIT_UTF8;
            String sid = id();
            ws.ack("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", sid));
            assertThat(ws.awaitEvent("assist.done", d -> d.path("suggestionId").asText().equals(sid)).path("suggestions")).hasSize(3);
        }
        assertThat(api.get("/readyz").status()).isEqualTo(200);
    }

    private JsonNode failure(WsTestClient ws, Pair p, FakeChatServer.Behaviour b) {
        model.next = b;
        String sid = id();
        ws.ack("assist.suggest", Map.of("conversationId", p.conversationId(), "suggestionId", sid));
        JsonNode e = ws.awaitEvent("assist.error", d -> d.path("suggestionId").asText().equals(sid));
        assertThat(e.path("detail").asText()).isNotBlank();
        return e;
    }
}
