package io.juntos.cluster;

import io.juntos.auth.MemorySigninThrottle;
import io.juntos.auth.SigninThrottle;
import io.juntos.gateway.PresenceRegistry;
import io.juntos.limits.Limiter;
import io.juntos.limits.RateLimit;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link ClusterState} in Redis, every key under {@code juntos:<cluster id>:} (the id comes from
 * the shared database, so nodes of one cluster share keys and other clusters on the same Redis
 * never see them). Times are the injected clock's, passed to the scripts, so tests drive expiry.
 * <p>
 * While Redis is unreachable commands fail at once (never queued) and each part falls back to
 * what this node knows: limits and throttles count in this process, presence keeps its own
 * sockets and writes them back on the next renewal. A health check pings every second; the state
 * is reported by {@link #reachable()} ({@code /readyz}), and only changes are logged.
 */
public final class RedisState implements ClusterState {
    private static final Logger log = LoggerFactory.getLogger(RedisState.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final io.lettuce.core.resource.ClientResources resources; // ours to shut down
    private final StatefulRedisConnection<String, String> conn;
    private final String prefix;
    private final Clock clock;
    private final ScheduledExecutorService health;
    private final RedisPresence presence;
    private final RedisLeases leases;
    private final String keyFingerprint;
    private volatile boolean reachable = true;
    private volatile boolean keyMatches = true;

    /**
     * KEYS the fingerprint key; ARGV this node's fingerprint, lifetime (ms). Sets or renews it and
     * returns "" when the cluster's key is this one, else returns the other fingerprint. The key
     * lives only while nodes renew it, so after all nodes stopped a new key can be rolled out.
     */
    private static final String CLAIM_KEY = """
            local cur = redis.call('GET', KEYS[1])
            if cur and cur ~= ARGV[1] then return cur end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ''
            """;

    private RedisState(RedisClient client, io.lettuce.core.resource.ClientResources resources, StatefulRedisConnection<String, String> conn, String namespace, Clock clock, Duration presenceTtl,
                       String keyFingerprint) {
        this.client = client;
        this.resources = resources;
        this.conn = conn;
        this.prefix = "juntos:" + namespace + ":";
        this.clock = clock;
        this.keyFingerprint = keyFingerprint;
        String other = claimKey();
        if (!other.isEmpty()) throw new io.juntos.config.ConfigException("JUNTOS_TOKEN_KEY", mismatch(other));
        this.presence = new RedisPresence(this, clock, presenceTtl);
        this.leases = new RedisLeases(this, clock);
        this.health = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-health").daemon().factory());
        health.scheduleWithFixedDelay(this::ping, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Connects now; throws Lettuce's {@code RedisConnectionException} when Redis cannot be reached,
     * and a {@code ConfigException} when the nodes already running sign tokens with another key.
     */
    public static RedisState connect(String url, String namespace, Clock clock, Duration presenceTtl, String keyFingerprint) {
        // Reconnect attempts at most 2 s apart: readiness comes back soon after Redis does.
        var resources = io.lettuce.core.resource.DefaultClientResources.builder()
                .reconnectDelay(io.lettuce.core.resource.Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS)).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // A node without Redis serves its own sockets: commands fail fast, never pile up.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .build());
        try {
            return new RedisState(client, resources, client.connect(), namespace, clock, presenceTtl, keyFingerprint);
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    String key(String suffix) {
        return prefix + suffix;
    }

    /**
     * Runs a command; on any Redis failure marks Redis lost (logged once) and returns
     * {@code fallback}'s answer instead.
     */
    <T> T call(Function<RedisCommands<String, String>, T> command, java.util.function.Supplier<T> fallback) {
        try {
            T out = command.apply(conn.sync());
            if (!reachable) restored();
            return out;
        } catch (RuntimeException e) {
            if (!(e instanceof io.lettuce.core.RedisException)) throw e;
            lost(e);
            return fallback.get();
        }
    }

    private final java.util.Map<String, String> digests = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An integer-returning script, sent by digest (EVALSHA: a few bytes per call on the send path)
     * and in full only when Redis does not know it yet (first use, or after a restart emptied its cache).
     */
    long script(String lua, String[] keys, String... args) {
        String sha = digests.computeIfAbsent(lua, l -> conn.sync().digest(l));
        try {
            return conn.sync().evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        } catch (io.lettuce.core.RedisNoScriptException e) {
            return conn.sync().eval(lua, ScriptOutputType.INTEGER, keys, args);
        }
    }

    private String claimKey() {
        return conn.sync().eval(CLAIM_KEY, ScriptOutputType.VALUE, new String[]{key("token-key")}, keyFingerprint, "60000");
    }

    private String mismatch(String other) {
        return "differs from the token key of the nodes already running in this cluster (fingerprint " + keyFingerprint
                + " here, " + other + " there): every node must have the same JUNTOS_TOKEN_KEY, or tokens of one node fail on the others";
    }

    /** Also renews the key fingerprint; a node that finds another key there reports itself not ready. */
    private void ping() {
        try {
            String other = claimKey();
            boolean matches = other.isEmpty();
            if (!matches && keyMatches) log.error("JUNTOS_TOKEN_KEY {}", mismatch(other));
            keyMatches = matches;
            if (!reachable) restored();
        } catch (RuntimeException e) {
            lost(e);
        }
    }

    private synchronized void lost(RuntimeException e) {
        if (!reachable) return;
        reachable = false;
        log.warn("redis lost: shared state falls back to this node until it returns ({})", e.toString());
    }

    private synchronized void restored() {
        if (reachable) return;
        reachable = true;
        log.info("redis reachable again");
    }

    @Override
    public boolean reachable() {
        return reachable && keyMatches;
    }

    @Override
    public Limiter.Factory limiters() {
        return limit -> new RedisLimiter(this, limit, clock);
    }

    @Override
    public SigninThrottle signinThrottle(RateLimit perPair, RateLimit perAddress, RateLimit perAccount) {
        return new RedisSigninThrottle(this, perPair, perAddress, perAccount, clock,
                new MemorySigninThrottle(perPair, perAddress, perAccount, clock));
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
    public void close() {
        health.shutdownNow();
        try {
            conn.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
