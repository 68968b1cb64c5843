package io.juntos.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.juntos.http.ApiException;

import java.time.Duration;

/**
 * A token-bucket limit per key (an address, a user, a connection), kept in memory for keys seen
 * recently. A cluster keeps the same limit in Redis ({@code cluster.RedisLimiter}); callers only
 * see {@link #check}. Time comes from the injected {@link Clock}, so tests drive refills.
 */
public final class RateLimiter implements Limiter {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RateLimiter.class);
    private final RateLimit limit;
    private final Cache<String, Bucket> buckets;

    private final io.github.bucket4j.TimeMeter time;

    public RateLimiter(RateLimit limit) {
        this(limit, java.time.Clock.systemUTC());
    }

    public RateLimiter(RateLimit limit, java.time.Clock clock) {
        this.limit = limit;
        this.time = new io.github.bucket4j.TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = Caffeine.newBuilder().expireAfterAccess(limit.period().multipliedBy(2)).maximumSize(200_000).build();
    }

    /** Consumes one token for {@code key} or throws a 429 problem with Retry-After. */
    @Override
    public void check(String key) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder().withCustomTimePrecision(time)
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build())
                .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            log.info("rate limit hit name={} (raise it with JUNTOS_LIMIT_{})", limit.name(), limit.name().toUpperCase(java.util.Locale.ROOT));
            throw ApiException.tooMany("rate_limited", "Too many requests (" + limit.name() + "). Slow down.",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
