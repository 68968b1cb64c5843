package io.juntos.testing;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;

import java.util.UUID;

/** Faults on the test Redis that touch only this test's own connections (Redis is shared by parallel runs). */
public final class RedisConnections {
    private RedisConnections() {
    }

    /** {@link Services#REDIS_URL} with a fresh client name, to find this client's connections later. */
    public static String namedUrl(String name) {
        return Services.REDIS_URL + (Services.REDIS_URL.contains("?") ? "&" : "?") + "clientName=" + name;
    }

    public static String uniqueName() {
        return "juntos-test-" + UUID.randomUUID();
    }

    /** Kills, by id, the pub/sub connections of this client name (CLIENT KILL has no name filter); returns how many. */
    public static int killPubSub(String name) {
        RedisClient admin = RedisClient.create(Services.REDIS_URL);
        try (var conn = admin.connect()) {
            var redis = conn.sync();
            int killed = 0;
            for (String line : redis.clientList().split("\n")) {
                if (!line.contains(" name=" + name + " ") || !line.matches(".* flags=[^ ]*P.*")) continue;
                int at = line.indexOf("id=") + 3;
                killed += redis.clientKill(KillArgs.Builder.id(Long.parseLong(line.substring(at, line.indexOf(' ', at))))).intValue();
            }
            return killed;
        } finally {
            admin.shutdown();
        }
    }
}
