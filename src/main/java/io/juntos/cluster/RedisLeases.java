package io.juntos.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link Leases} in Redis: the value is {@code owner|expiresAt} in the injected clock's millis,
 * compared inside one script, so taking over an expired lease is atomic and tests drive expiry.
 * The key itself lives a minute longer than the lease in Redis's own time, only as garbage collection.
 * While Redis is unreachable nobody can take or renew a lease (false): the work waits rather
 * than run twice.
 */
final class RedisLeases implements Leases {
    /** KEYS lease; ARGV owner, now, expiry, px. Returns 1 when owner holds it afterwards. */
    private static final String ACQUIRE = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local sep = string.find(cur, '|', 1, true)
              local owner = string.sub(cur, 1, sep - 1)
              local exp = tonumber(string.sub(cur, sep + 1))
              if owner ~= ARGV[1] and exp > tonumber(ARGV[2]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[3], 'PX', ARGV[4])
            return 1
            """;
    private static final String RELEASE = """
            local cur = redis.call('GET', KEYS[1])
            if cur and string.sub(cur, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then redis.call('DEL', KEYS[1]) return 1 end
            return 0
            """;

    private final RedisState redis;
    private final Clock clock;

    RedisLeases(RedisState redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public boolean acquire(String name, String owner, Duration ttl) {
        if (owner.contains("|")) throw new IllegalArgumentException("a lease owner has no '|'");
        long now = clock.millis();
        return redis.call(c -> redis.script(ACQUIRE, new String[]{redis.key("lease:" + name)}, owner, Long.toString(now),
                Long.toString(now + ttl.toMillis()), Long.toString(ttl.toMillis() + 60_000)), () -> 0L) == 1;
    }

    @Override
    public void release(String name, String owner) {
        redis.call(c -> redis.script(RELEASE, new String[]{redis.key("lease:" + name)}, owner), () -> 0L);
    }

    @Override
    public Optional<String> holder(String name) {
        long now = clock.millis();
        String v = redis.call(c -> c.get(redis.key("lease:" + name)), () -> null);
        if (v == null) return Optional.empty();
        int sep = v.lastIndexOf('|');
        return Long.parseLong(v.substring(sep + 1)) > now ? Optional.of(v.substring(0, sep)) : Optional.empty();
    }
}
