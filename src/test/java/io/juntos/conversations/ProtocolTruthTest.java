package io.juntos.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's audit items without a test of their own before: what docs/protocol.md promises about
 * who receives {@code conversation.joined} and one's own {@code message.created}, and that the
 * conversation list is paged (finding 6). "Nothing arrived" is proven with the {@code time}
 * barrier, never a pause.
 */
class ProtocolTruthTest {
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.SQLITE);
        api = server.api();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Api as(Api.Account a) {
        return api.as(a.accessToken());
    }

    private static WsTestClient live(Api.Account a) {
        return WsTestClient.live(server.baseUrl(), a.accessToken());
    }

    @Test
    void onlyTheJoinerGetsConversationJoinedAndTheOthersGetMemberJoined() {
        Api.Account owner = api.signup("tjown"), joiner = api.signup("tjnew");
        JsonNode g = as(owner).post("/api/conversations/groups", Map.of("name", "Truth")).json();
        String id = g.path("id").asText();
        try (var o = live(owner); var j = live(joiner)) {
            assertThat(as(joiner).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
            j.awaitEvent("conversation.joined", d -> d.path("conversation").path("id").asText().equals(id));
            o.awaitEvent("member.joined", d -> d.path("conversationId").asText().equals(id)
                    && d.path("member").path("user").path("id").asText().equals(joiner.id()));
            o.sync();
            assertThat(o.events("conversation.joined")).as("the owner is told member.joined, not conversation.joined")
                    .noneMatch(d -> d.path("conversation").path("id").asText().equals(id));
        }
    }

    @Test
    void theSenderGetsItsOwnMessageCreatedOnEveryDevice() {
        Api.Account ana = api.signup("tsana"), bia = api.signup("tsbia");
        String conv = as(ana).post("/api/conversations/direct", Map.of("userId", bia.id())).json().path("id").asText();
        try (var phone = live(ana); var laptop = live(ana)) {
            String text = "mine " + UUID.randomUUID();
            var sent = phone.ack("message.send", Map.of("conversationId", conv, "clientMsgId", UUID.randomUUID().toString(), "text", text));
            assertThat(sent.path("message").path("text").asText()).isEqualTo(text);
            phone.awaitEvent("message.created", d -> d.path("message").path("text").asText().equals(text));
            laptop.awaitEvent("message.created", d -> d.path("message").path("text").asText().equals(text));
        }
    }

    @Test
    void theConversationListIsPagedAndEveryConversationComesOnce() {
        Api.Account cai = api.signup("tpcai");
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 5; i++) made.add(as(cai).post("/api/conversations/groups", Map.of("name", "Page " + i)).json().path("id").asText());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Res r = as(cai).get("/api/conversations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode items = r.json().has("items") ? r.json().path("items") : r.json().path("conversations");
            assertThat(items.size()).isLessThanOrEqualTo(2);
            items.forEach(c -> seen.add(c.path("id").asText()));
            cursor = r.json().path("nextCursor").isTextual() ? r.json().path("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(made);
    }
}
