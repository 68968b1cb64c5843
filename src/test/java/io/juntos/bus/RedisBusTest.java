package io.juntos.bus;

import io.juntos.testing.RedisConnections;
import io.juntos.testing.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        String name = RedisConnections.uniqueName();
        try (Bus node = RedisBus.connect(RedisConnections.namedUrl(name))) {
            CountDownLatch reconnected = new CountDownLatch(1);
            node.onReconnect(reconnected::countDown);
            String t = topic();
            Inbox inbox = new Inbox();
            ready(node, t, inbox);
            a.publish(t, bytes("before"));
            assertThat(inbox.next()).isEqualTo("before");

            assertThat(RedisConnections.killPubSub(name)).isEqualTo(1);

            assertThat(reconnected.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("reconnect listener ran").isTrue();
            a.publish(t, bytes("after"));
            assertThat(inbox.next()).isEqualTo("after");
        }
    }
}
