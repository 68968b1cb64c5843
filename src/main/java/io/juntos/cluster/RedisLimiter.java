package io.juntos.cluster;

import io.juntos.http.ApiException;
import io.juntos.limits.Limiter;
import io.juntos.limits.RateLimit;
import io.juntos.limits.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * A {@link Limiter} whose counts live in Redis, so a limit holds across nodes. The algorithm is
 * GCRA (the generic cell rate algorithm, as in ATM networks and redis-cell): one key per limit and
 * subject holding the "theoretical arrival time"; it behaves like a token bucket of
 * {@code capacity} refilled evenly over {@code period}, in one atomic script and one key.
 * While Redis is unreachable the node counts in this process (a per-node limit, never none).
 */
final class RedisLimiter implements Limiter {
    private static final Logger log = LoggerFactory.getLogger(RedisLimiter.class);
    /** KEYS[1] the subject; ARGV now, emission interval, period (ms). Returns 0 or the wait in ms. */
    private static final String GCRA = """
            local now = tonumber(ARGV[1])
            local interval = tonumber(ARGV[2])
            local period = tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tat < now then tat = now end
            local new = tat + interval
            if new - now > period + 0.0005 then return math.ceil(new - now - period) end
            redis.call('SET', KEYS[1], string.format('%.3f', new), 'PX', math.ceil(new - now) + 1000)
            return 0
            """;

    private final RedisState redis;
    private final RateLimit limit;
    private final Clock clock;
    private final Limiter local;
    private final String interval;
    private final String period;

    RedisLimiter(RedisState redis, RateLimit limit, Clock clock) {
        this.redis = redis;
        this.limit = limit;
        this.clock = clock;
        this.local = new RateLimiter(limit, clock);
        this.interval = String.format(java.util.Locale.ROOT, "%.6f", (double) limit.period().toMillis() / limit.capacity());
        this.period = Long.toString(limit.period().toMillis());
    }

    @Override
    public void check(String key) {
        String k = redis.key("limit:" + limit.name() + ":" + key);
        Long wait = redis.call(c -> redis.script(GCRA, new String[]{k}, Long.toString(clock.millis()), interval, period), () -> null);
        if (wait == null) {
            local.check(key);
        } else if (wait > 0) {
            log.info("rate limit hit name={} (raise it with JUNTOS_LIMIT_{})", limit.name(), limit.name().toUpperCase(java.util.Locale.ROOT));
            throw ApiException.tooMany("rate_limited", "Too many requests (" + limit.name() + "). Slow down.", Duration.ofMillis(wait));
        }
    }
}
