package io.juntos.limits;

import io.juntos.http.ApiException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Limits whose counts every node shares, in Redis: a fixed window per key ({@code INCR} and a
 * {@code PEXPIRE} on the first count), so that a limit such as sign-up probing (issue 15, finding
 * 9) holds across the cluster instead of per node. Keys live under a namespace of the deployment
 * (nodes of one cluster share it; other servers on the same Redis do not). A fixed window lets
 * at most twice the capacity through around a window boundary, which is enough for a probing
 * limit; the per-node token buckets stay for limits that need smoothness.
 */
public final class RedisLimits implements Limiter.Factory, AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisLimits.class);
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String namespace;
    private final Clock clock;

    private RedisLimits(RedisClient client, StatefulRedisConnection<String, String> connection, String namespace, Clock clock) {
        this.client = client;
        this.connection = connection;
        this.namespace = namespace;
        this.clock = clock;
    }

    /** Connects to Redis ({@code url} may carry a password: never logged). */
    public static RedisLimits connect(String url, String namespace, Clock clock) {
        RedisClient client = RedisClient.create(RedisURI.create(url.trim()));
        try {
            return new RedisLimits(client, client.connect(), namespace, clock);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public Limiter create(RateLimit limit) {
        return key -> check(limit, key);
    }

    private void check(RateLimit limit, String key) {
        long period = limit.period().toMillis();
        long now = clock.millis();
        long window = now / period;
        String k = "juntos:" + namespace + ":limit:" + limit.name() + ":" + key + ":" + window;
        RedisCommands<String, String> redis = connection.sync();
        long count = redis.incr(k);
        if (count == 1) redis.pexpire(k, period * 2);
        if (count > limit.capacity()) {
            log.info("rate limit hit name={} shared=redis (raise it with JUNTOS_LIMIT_{})", limit.name(), limit.name().toUpperCase(Locale.ROOT));
            throw ApiException.tooMany("rate_limited", "Too many requests (" + limit.name() + "). Slow down.",
                    Duration.ofMillis((window + 1) * period - now));
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
