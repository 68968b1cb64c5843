package io.juntos.bus;

import io.juntos.testing.Services;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bus contract on Redis: two {@link RedisBus} clients of the real server at
 * {@link Services#REDIS_URL}. Every topic is a fresh UUID, so parallel runs on one Redis never
 * see each other's messages.
 */
class RedisBusTest extends BusContract {

    @BeforeAll
    static void redis() {
        Services.requireRedis();
    }

    @Override
    Bus[] twoNodes() {
        return new Bus[]{RedisBus.connect(Services.REDIS_URL), RedisBus.connect(Services.REDIS_URL)};
    }

    @Test
    void aKilledSubscriptionConnectionResubscribesDeliversAgainAndTellsTheListeners() throws Exception {
        // A name of our own, so that only this bus's pub/sub connection is killed, not other runs' on the same Redis.
        String name = "juntos-test-" + UUID.randomUUID();
        String url = Services.REDIS_URL + (Services.REDIS_URL.contains("?") ? "&" : "?") + "clientName=" + name;
        try (Bus node = RedisBus.connect(url)) {
            CountDownLatch reconnected = new CountDownLatch(1);
            node.onReconnect(reconnected::countDown);
            String t = topic();
            Inbox inbox = new Inbox();
            ready(node, t, inbox);
            a.publish(t, bytes("before"));
            assertThat(inbox.next()).isEqualTo("before");

            assertThat(killPubSubConnectionsNamed(name)).isEqualTo(1);

            assertThat(reconnected.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("reconnect listener ran").isTrue();
            a.publish(t, bytes("after"));
            assertThat(inbox.next()).isEqualTo("after");
        }
    }

    /** Kills, by id, the pub/sub connections of this client name (CLIENT KILL has no name filter). */
    private static int killPubSubConnectionsNamed(String name) {
        RedisClient admin = RedisClient.create(Services.REDIS_URL);
        try (var conn = admin.connect()) {
            var redis = conn.sync();
            int killed = 0;
            for (String line : redis.clientList().split("\n")) {
                if (!line.contains(" name=" + name + " ") || !line.matches(".* flags=[^ ]*P.*")) continue;
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                killed += redis.clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id))).intValue();
            }
            return killed;
        } finally {
            admin.shutdown();
        }
    }
}
