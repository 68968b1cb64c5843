package io.juntos.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.bus.RedisBus;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.Services;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis lost while running, on a redis-server of the test's own: each node keeps serving its
 * own sockets (sends are acknowledged and reach members on the same node), reports not ready,
 * and once Redis is back reports ready and catches up from the database what other nodes
 * committed meanwhile.
 */
class RedisLostTest {

    @Test
    void nodesKeepServingTheirSocketsReportNotReadyAndCatchUpWhenRedisReturns() {
        Services.requirePostgres();
        try (var redis = OwnRedis.start()) {
            Map<String, String> env = Map.of("JUNTOS_REDIS_URL", redis.url());
            try (TestServer a = TestServer.with(Engine.POSTGRES).env(env).bus(RedisBus.connect(redis.url(), Delay.constant(Duration.ofMillis(300)))).start();
                 TestServer b = TestServer.with(Engine.POSTGRES).env(env).bus(RedisBus.connect(redis.url(), Delay.constant(Duration.ofMillis(300)))).nodeOf(a).start()) {
                Api.Account ann = a.api().signup("ann"), amy = a.api().signup("amy"), ben = b.api().signup("ben");
                JsonNode group = a.api().as(ann.accessToken()).post("/api/conversations/groups", Map.of("name", "Lost")).json();
                String code = group.path("joinCode").asText(), conv = group.path("id").asText();
                a.api().as(amy.accessToken()).post("/api/conversations/join", Map.of("code", code));
                b.api().as(ben.accessToken()).post("/api/conversations/join", Map.of("code", code));
                try (var annOnA = WsTestClient.live(a.baseUrl(), ann.accessToken());
                     var amyOnA = WsTestClient.live(a.baseUrl(), amy.accessToken());
                     var benOnB = WsTestClient.live(b.baseUrl(), ben.accessToken())) {
                    send(annOnA, conv, "before");
                    benOnB.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("before"));

                    redis.down();
                    eventually(() -> a.api().get("/readyz").status() == 503, "node A reports not ready");
                    assertThat(a.api().get("/readyz").json().path("cluster").asText()).isEqualTo("down");
                    send(annOnA, conv, "during"); // acknowledged: committed to the database
                    amyOnA.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("during"));
                    benOnB.ack("time", Map.of()); // a sentinel: ben's socket is answered, yet "during" has not reached node B
                    assertThat(benOnB.events("message.created")).hasSize(1);

                    redis.up();
                    eventually(() -> a.api().get("/readyz").status() == 200 && b.api().get("/readyz").status() == 200, "both ready again");
                    benOnB.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("during"));
                    send(annOnA, conv, "after");
                    benOnB.awaitEvent("message.created", d -> d.path("message").path("clientMsgId").asText().equals("after"));
                    benOnB.sync();
                    var seqs = benOnB.events("message.created").stream().map(f -> f.path("data").path("message").path("seq").asLong()).toList();
                    assertThat(seqs).as("once each, in order").containsExactly(1L, 2L, 3L);
                }
            }
        }
    }

    private static void send(WsTestClient c, String conv, String id) {
        c.ack("message.send", Map.of("conversationId", conv, "clientMsgId", id, "text", id));
    }

    /** Polls a state the server reaches on its own (a health check every second); bounded. */
    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }
}
