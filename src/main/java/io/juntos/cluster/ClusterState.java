package io.juntos.cluster;

import io.juntos.auth.MemorySigninThrottle;
import io.juntos.auth.SigninThrottle;
import io.juntos.gateway.PresenceRegistry;
import io.juntos.limits.Limiter;
import io.juntos.limits.RateLimit;

import java.time.Clock;

/**
 * The state every node of a cluster must agree on, behind the small interfaces of what it serves:
 * rate limits ({@link Limiter}), sign-in throttles ({@link SigninThrottle}), presence
 * ({@link PresenceRegistry}) and leases ({@link Leases}). {@link #inProcess} serves one node;
 * {@link RedisState} serves several sharing one Redis (chosen by {@code JUNTOS_REDIS_URL}).
 */
public interface ClusterState extends AutoCloseable {

    Limiter.Factory limiters();

    SigninThrottle signinThrottle(RateLimit perPair, RateLimit perAddress, RateLimit perAccount);

    PresenceRegistry presence();

    Leases leases();

    /** False while the shared store is unreachable: {@code /readyz} answers 503 meanwhile. */
    boolean reachable();

    @Override
    void close();

    /**
     * Redis when {@code JUNTOS_REDIS_URL} is set, else this process. The key namespace is the
     * cluster id kept in the shared database. Unreachable Redis or another token key stops start-up.
     */
    static ClusterState open(ClusterConfig config, org.jdbi.v3.core.Jdbi jdbi, byte[] tokenKey, Clock clock) {
        if (config.redisUrl() == null) return inProcess(clock);
        String where;
        try {
            var uri = io.lettuce.core.RedisURI.create(config.redisUrl());
            where = uri.getHost() + ":" + uri.getPort();
        } catch (RuntimeException e) {
            throw new io.juntos.config.ConfigException("JUNTOS_REDIS_URL", "must look like redis://host:6379/0");
        }
        try {
            return RedisState.connect(config.redisUrl(), ClusterIdentity.of(jdbi), clock, config.presenceTtl(), ClusterIdentity.fingerprint(tokenKey));
        } catch (io.lettuce.core.RedisException e) {
            throw new io.juntos.config.ConfigException("JUNTOS_REDIS_URL", "cannot connect to Redis at " + where + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Everything in this process: one node. A limit (or set of throttle limits) asked for twice
     * gets the same counters, as it would from Redis.
     */
    static ClusterState inProcess(Clock clock) {
        var presence = new InProcessPresence.Hub().node(clock);
        var leases = new InProcessLeases(clock);
        var limiters = new java.util.concurrent.ConcurrentHashMap<RateLimit, Limiter>();
        var throttles = new java.util.concurrent.ConcurrentHashMap<java.util.List<RateLimit>, SigninThrottle>();
        var local = Limiter.Factory.inProcess(clock);
        return new ClusterState() {
            @Override
            public Limiter.Factory limiters() {
                return limit -> limiters.computeIfAbsent(limit, local::create);
            }

            @Override
            public SigninThrottle signinThrottle(RateLimit perPair, RateLimit perAddress, RateLimit perAccount) {
                return throttles.computeIfAbsent(java.util.List.of(perPair, perAddress, perAccount),
                        k -> new MemorySigninThrottle(perPair, perAddress, perAccount, clock));
            }

            @Override
            public PresenceRegistry presence() {
                return presence;
            }

            @Override
            public Leases leases() {
                return leases;
            }

            @Override
            public boolean reachable() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
