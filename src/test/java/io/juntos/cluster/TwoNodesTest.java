package io.juntos.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.bus.RedisBus;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.RedisConnections;
import io.juntos.testing.Services;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real nodes sharing one PostgreSQL schema and the Redis bus, as behind a load balancer: what
 * happens on one node reaches the sockets held by the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesTest {
    TestServer nodeA;
    TestServer nodeB;
    final String nodeBName = RedisConnections.uniqueName();

    @BeforeAll
    void start() {
        Services.requireRedis();
        Services.requirePostgres();
        // Low limits of their own, to see them shared: 3 group creations per user and hour.
        Map<String, String> redis = Map.of("JUNTOS_REDIS_URL", Services.REDIS_URL, "JUNTOS_LIMIT_CONVERSATIONS_PER_USER", "3/1h");
        nodeA = TestServer.with(Engine.POSTGRES).env(redis).start();
        // Node B reconnects to Redis only after a second, so that a cut reliably loses the notices sent meanwhile.
        var busB = RedisBus.connect(RedisConnections.namedUrl(nodeBName), Delay.constant(Duration.ofSeconds(1)));
        nodeB = TestServer.with(Engine.POSTGRES).env(redis).bus(busB).nodeOf(nodeA).start();
    }

    @AfterAll
    void stop() {
        if (nodeB != null) nodeB.close();
        if (nodeA != null) nodeA.close();
    }

    @Test
    void aMessageSentOnOneNodeReachesAMemberConnectedToTheOther() {
        Api.Account alice = nodeA.api().signup("alice");
        Api.Account bob = nodeB.api().signup("bob"); // the token of one node is accepted by the other
        JsonNode group = nodeA.api().as(alice.accessToken()).post("/api/conversations/groups", Map.of("name", "Across")).json();
        Api.Res joined = nodeB.api().as(bob.accessToken()).post("/api/conversations/join", Map.of("code", group.path("joinCode").asText()));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        String conv = group.path("id").asText();
        try (var onA = WsTestClient.live(nodeA.baseUrl(), alice.accessToken()); var onB = WsTestClient.live(nodeB.baseUrl(), bob.accessToken())) {
            for (int i = 1; i <= 3; i++) {
                String clientMsgId = "m-" + i + "-" + UUID.randomUUID();
                JsonNode sent = onA.ack("message.send", Map.of("conversationId", conv, "clientMsgId", clientMsgId, "text", "hello " + i)).path("message");
                JsonNode got = onB.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals(clientMsgId));
                assertThat(got.path("message").path("id").asText()).isEqualTo(sent.path("id").asText());
                assertThat(got.path("message").path("seq").asLong()).isEqualTo(i);
            }
        }
    }

    @Test
    void aPerUserLimitCountsTheRequestsOfBothNodes() {
        Api.Account fay = nodeA.api().signup("fay");
        assertThat(nodeA.api().as(fay.accessToken()).post("/api/conversations/groups", Map.of("name", "g1")).status()).isEqualTo(201);
        assertThat(nodeB.api().as(fay.accessToken()).post("/api/conversations/groups", Map.of("name", "g2")).status()).isEqualTo(201);
        assertThat(nodeA.api().as(fay.accessToken()).post("/api/conversations/groups", Map.of("name", "g3")).status()).isEqualTo(201);
        Api.Res fourth = nodeB.api().as(fay.accessToken()).post("/api/conversations/groups", Map.of("name", "g4"));
        assertThat(fourth.status()).as("the fourth, on the other node, is over the shared 3/1h").isEqualTo(429);
        assertThat(fourth.code()).isEqualTo("rate_limited");
    }

    @Test
    void presenceIsShared_aUserOnlineOnOneNodeIsOnlineOnTheOtherAndOfflineOnceTheLastSocketCloses() {
        Api.Account gus = nodeA.api().signup("gus");
        Api.Account hal = nodeB.api().signup("hal");
        JsonNode group = nodeA.api().as(gus.accessToken()).post("/api/conversations/groups", Map.of("name", "Seen")).json();
        nodeB.api().as(hal.accessToken()).post("/api/conversations/join", Map.of("code", group.path("joinCode").asText()));
        String conv = group.path("id").asText();
        try (var halOnB = WsTestClient.live(nodeB.baseUrl(), hal.accessToken())) {
            var gusOnA = WsTestClient.live(nodeA.baseUrl(), gus.accessToken());
            halOnB.awaitEvent("presence", d -> d.path("userId").asText().equals(gus.id()) && d.path("online").asBoolean());
            var gusOnB = WsTestClient.live(nodeB.baseUrl(), gus.accessToken()); // a second socket, on the other node
            assertThat(online(nodeB, hal, conv, gus.id())).as("node B sees the socket gus holds on node A").isTrue();
            gusOnA.close();
            assertThat(online(nodeB, hal, conv, gus.id())).as("still online through node B").isTrue();
            gusOnB.close();
            halOnB.awaitEvent("presence", d -> d.path("userId").asText().equals(gus.id()) && !d.path("online").asBoolean());
            assertThat(online(nodeA, gus, conv, gus.id())).isFalse();
            // Exactly one "online" and one "offline" for gus, though two nodes saw his sockets: a sentinel proves nothing else came.
            halOnB.ack("time", Map.of());
            assertThat(halOnB.events("presence").stream().filter(f -> f.path("data").path("userId").asText().equals(gus.id())).count()).isEqualTo(2);
        }
    }

    private static boolean online(TestServer node, Api.Account as, String conv, String userId) {
        JsonNode members = node.api().as(as.accessToken()).get("/api/conversations/" + conv + "/members").json();
        for (JsonNode m : members.path("items")) {
            if (m.path("user").path("id").asText().equals(userId)) return m.path("online").asBoolean();
        }
        throw new AssertionError("no member " + userId + " in " + members);
    }

    @Test
    void aSessionRevokedOnOneNodeClosesItsSocketOnTheOther() {
        Api.Account carol = nodeA.api().signup("carol");
        try (var onB = WsTestClient.live(nodeB.baseUrl(), carol.accessToken())) {
            assertThat(nodeB.api().as(carol.accessToken()).get("/api/profile").status()).isEqualTo(200); // cached alive on B
            assertThat(nodeA.api().as(carol.accessToken()).post("/api/auth/signout", Map.of()).status()).isEqualTo(204);
            assertThat(onB.awaitClose().code()).isEqualTo(4003);
            // Node B dropped its cached "alive" too: the token is refused there at once, not after the cache expires.
            assertThat(nodeB.api().as(carol.accessToken()).get("/api/profile").code()).isEqualTo("session_revoked");
        }
    }

    /**
     * Node B's Redis subscription is cut, and a message is sent before it comes back (a second
     * later): its notice is lost (Redis pub/sub is at most once), no later message reveals the gap,
     * yet when the subscription returns node B re-reads the conversation from the store, so the
     * member on B gets the message, once and in order.
     */
    @Test
    void aMemberOnANodeWhoseBusSubscriptionWasCutStillGetsEveryMessageOnceInOrder() {
        Api.Account dan = nodeA.api().signup("dan");
        Api.Account erin = nodeB.api().signup("erin");
        JsonNode group = nodeA.api().as(dan.accessToken()).post("/api/conversations/groups", Map.of("name", "Cut")).json();
        assertThat(nodeB.api().as(erin.accessToken()).post("/api/conversations/join", Map.of("code", group.path("joinCode").asText())).status()).isEqualTo(201);
        String conv = group.path("id").asText();
        try (var onA = WsTestClient.live(nodeA.baseUrl(), dan.accessToken()); var onB = WsTestClient.live(nodeB.baseUrl(), erin.accessToken())) {
            onA.ack("message.send", Map.of("conversationId", conv, "clientMsgId", "before", "text", "before"));
            onB.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("before"));

            assertThat(RedisConnections.killPubSub(nodeBName)).isEqualTo(1);
            onA.ack("message.send", Map.of("conversationId", conv, "clientMsgId", "during", "text", "during the cut"));
            assertThat(onB.events("message.created")).as("not delivered while the subscription is down").hasSize(1);

            onB.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("during"));
            onA.ack("message.send", Map.of("conversationId", conv, "clientMsgId", "after", "text", "after"));
            onB.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("after"));
            var seqs = onB.events("message.created").stream().map(f -> f.path("data").path("message"))
                    .filter(m -> m.path("conversationId").asText().equals(conv)).map(m -> m.path("seq").asLong()).toList();
            assertThat(seqs).containsExactly(1L, 2L, 3L);
        }
    }
}
