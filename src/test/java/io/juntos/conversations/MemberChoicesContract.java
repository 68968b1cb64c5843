package io.juntos.conversations;

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

/** A member's own archive flag and the live {@code user.updated} event; run on SQLite and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MemberChoicesContract {
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

    private Api as(Account a) {
        return api.as(a.accessToken());
    }

    private String group(Account owner, Account... members) {
        Api.Res g = as(owner).post("/api/conversations/groups", Map.of("name", "Group " + UUID.randomUUID().toString().substring(0, 6)));
        assertThat(g.status()).as(g.toString()).isEqualTo(201);
        for (Account m : members) {
            Api.Res r = as(m).post("/api/conversations/join", Map.of("code", g.json().path("joinCode").asText()));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        return g.json().path("id").asText();
    }

    private JsonNode listed(Account a, String conversationId) {
        for (JsonNode c : as(a).get("/api/conversations").json().path("items")) {
            if (c.path("id").asText().equals(conversationId)) return c;
        }
        throw new AssertionError("conversation " + conversationId + " not in the list of " + a.username());
    }

    @Test
    void archivingIsTheMembersOwnAndReachesOnlyTheirDevices() {
        Account alice = api.signup("alice"), bob = api.signup("bob");
        String id = group(alice, bob);
        try (WsTestClient aliceOther = WsTestClient.live(server.baseUrl(), alice.accessToken());
             WsTestClient bobLive = WsTestClient.live(server.baseUrl(), bob.accessToken())) {
            Api.Res r = as(alice).put("/api/conversations/" + id + "/archive", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("archived").asBoolean()).isTrue();
            JsonNode event = aliceOther.awaitEvent("conversation.updated", d -> d.path("conversation").path("id").asText().equals(id));
            assertThat(event.path("conversation").path("archived").asBoolean()).isTrue();
            assertThat(listed(alice, id).path("archived").asBoolean()).isTrue();
            assertThat(listed(bob, id).path("archived").asBoolean()).isFalse();
            bobLive.sync(); // sentinel: everything sent before it has arrived
            assertThat(bobLive.events("conversation.updated")).isEmpty();

            Api.Res back = as(alice).delete("/api/conversations/" + id + "/archive");
            assertThat(back.status()).as(back.toString()).isEqualTo(200);
            assertThat(listed(alice, id).path("archived").asBoolean()).isFalse();
        }
    }

    @Test
    void aNonMemberCannotArchiveAndGetsNotFound() {
        Account alice = api.signup("alice"), stranger = api.signup("stranger");
        String id = group(alice);
        Api.Res r = as(stranger).put("/api/conversations/" + id + "/archive", Map.of());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("not_found");
        assertThat(as(stranger).put("/api/conversations/not-an-id/archive", Map.of()).status()).isEqualTo(404);
        assertThat(listed(alice, id).path("archived").asBoolean()).isFalse();
    }

    @Test
    void aNameChangeReachesEveryoneWhoSharesAConversationAndNobodyElse() {
        Account alice = api.signup("alice"), bob = api.signup("bob"), stranger = api.signup("stranger");
        group(alice, bob);
        try (WsTestClient bobLive = WsTestClient.live(server.baseUrl(), bob.accessToken());
             WsTestClient aliceOther = WsTestClient.live(server.baseUrl(), alice.accessToken());
             WsTestClient strangerLive = WsTestClient.live(server.baseUrl(), stranger.accessToken())) {
            Api.Res r = as(alice).put("/api/profile", Map.of("fullName", "Alice Renamed"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode seen = bobLive.awaitEvent("user.updated", d -> d.path("user").path("id").asText().equals(alice.id()));
            assertThat(seen.path("user").path("fullName").asText()).isEqualTo("Alice Renamed");
            assertThat(seen.path("user").has("email")).as("the public view only").isFalse();
            aliceOther.awaitEvent("user.updated", d -> d.path("user").path("fullName").asText().equals("Alice Renamed"));
            strangerLive.sync();
            assertThat(strangerLive.events("user.updated")).isEmpty();
        }
    }
}
