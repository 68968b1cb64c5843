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

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Without JUNTOS_AI_URL: suggestions from the local rules and the person's own frequent replies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OfflineAssistContract {
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

    void send(Account a, String conversationId, String text) {
        assertThat(api.as(a.accessToken()).post("/api/conversations/" + conversationId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text)).status()).isEqualTo(201);
    }

    @Test
    void offlineDefaultAnswersAQuestionAndOffersTheUsersOwnFavouriteReply() {
        Account alice = api.signup("al");
        Account bob = api.signup("bo");
        assertThat(api.as(alice.accessToken()).get("/api/assist").json().path("source").asText()).isEqualTo("offline");
        Api.Res g = api.as(alice.accessToken()).post("/api/conversations/groups", Map.of("name", "Band"));
        String conv = g.json().path("id").asText();
        api.as(bob.accessToken()).post("/api/conversations/join", Map.of("code", g.json().path("joinCode").asText()));
        for (int i = 0; i < 3; i++) send(alice, conv, "on my way");
        send(alice, conv, "see you at rehearsal then, I will bring the cables and the spare amp");
        send(bob, conv, "Can you bring the drums?");
        try (var ws = WsTestClient.live(server.baseUrl(), alice.accessToken())) {
            String sid = "s-" + UUID.randomUUID();
            assertThat(ws.ack("assist.suggest", Map.of("conversationId", conv, "suggestionId", sid)).path("source").asText()).isEqualTo("offline");
            JsonNode done = ws.awaitEvent("assist.done", d -> d.path("suggestionId").asText().equals(sid));
            assertThat(done.path("source").asText()).isEqualTo("offline");
            assertThat(done.path("suggestions")).extracting(JsonNode::asText).containsExactly("Yes!", "No, sorry.", "on my way");
            assertThat(ws.events("assist.delta")).isNotEmpty();
        }
    }

    @Test
    void emptyConversationGetsOpeners() {
        Account alice = api.signup("al");
        String conv = api.as(alice.accessToken()).post("/api/conversations/groups", Map.of("name", "New")).json().path("id").asText();
        try (var ws = WsTestClient.live(server.baseUrl(), alice.accessToken())) {
            String sid = "s-" + UUID.randomUUID();
            ws.ack("assist.suggest", Map.of("conversationId", conv, "suggestionId", sid));
            JsonNode done = ws.awaitEvent("assist.done", d -> d.path("suggestionId").asText().equals(sid));
            assertThat(done.path("suggestions")).extracting(JsonNode::asText).containsExactlyElementsOf(OfflineSuggester.OPENERS.subList(0, 3));
        }
    }
}
