package io.juntos.cluster;

import io.juntos.gateway.PresenceRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link PresenceRegistry} in Redis. Per user a sorted set of socket ids scored by expiry
 * ({@code presence:u:<user>}); one index of users scored by their latest expiry
 * ({@code presence:users}) lets a sweep find the users whose sockets all ran out without scanning
 * everyone. Each change is one script, so "first socket" and "last socket" are decided once for
 * the whole cluster: the node whose script emptied the set (and removed the user from the index)
 * is the one that announces "offline". Keys also expire in Redis (a day) so nothing is left behind.
 */
final class RedisPresence implements PresenceRegistry {
    private static final String KEEP = "86400000";
    /** KEYS user set, index; ARGV now, expiry, socket, user. Returns 1 when the user was offline. */
    private static final String OPEN = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local first = redis.call('ZCARD', KEYS[1]) == 0
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            redis.call('PEXPIRE', KEYS[1], '86400000')
            local cur = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[4]) or '0')
            if cur < tonumber(ARGV[2]) then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4]) end
            redis.call('PEXPIRE', KEYS[2], '86400000')
            if first then return 1 end
            return 0
            """;
    /** KEYS user set, index; ARGV now, socket, user. Returns 1 when that was the user's last socket. */
    private static final String CLOSE = """
            local had = redis.call('ZREM', KEYS[1], ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
            redis.call('DEL', KEYS[1])
            local indexed = redis.call('ZREM', KEYS[2], ARGV[3])
            if had == 1 and indexed == 1 then return 1 end
            return 0
            """;
    /** KEYS user set, index; ARGV now, user. Returns 1 when this sweep found the user's sockets all expired. */
    private static final String SWEEP = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            if #last == 0 then
              redis.call('DEL', KEYS[1])
              return redis.call('ZREM', KEYS[2], ARGV[2])
            end
            redis.call('ZADD', KEYS[2], last[2], ARGV[2])
            return 0
            """;

    private final RedisState redis;
    private final Clock clock;
    private final long ttl;

    RedisPresence(RedisState redis, Clock clock, Duration ttl) {
        this.redis = redis;
        this.clock = clock;
        this.ttl = ttl.toMillis();
    }

    private String[] keys(String userId) {
        return new String[]{redis.key("presence:u:" + userId), redis.key("presence:users")};
    }

    @Override
    public boolean opened(Socket s) {
        long now = clock.millis();
        // Redis lost: no announcement now; the next renewal writes the socket back.
        return redis.call(c -> redis.script(OPEN, keys(s.userId()), Long.toString(now), Long.toString(now + ttl), s.socketId(), s.userId()), () -> 0L) == 1;
    }

    @Override
    public boolean closed(Socket s) {
        long now = clock.millis();
        return redis.call(c -> redis.script(CLOSE, keys(s.userId()), Long.toString(now), s.socketId(), s.userId()), () -> 0L) == 1;
    }

    @Override
    public void renew(Collection<Socket> open) {
        long now = clock.millis();
        String exp = Long.toString(now + ttl);
        redis.call(c -> {
            for (Socket s : open) redis.script(OPEN, keys(s.userId()), Long.toString(now), exp, s.socketId(), s.userId());
            return 0L;
        }, () -> 0L);
    }

    @Override
    public List<String> sweep() {
        long now = clock.millis();
        String index = redis.key("presence:users");
        return redis.call(c -> {
            List<String> gone = new ArrayList<>();
            var due = c.zrangebyscore(index, io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) now), io.lettuce.core.Limit.create(0, 500));
            for (String user : due) {
                if (redis.script(SWEEP, keys(user), Long.toString(now), user) == 1) gone.add(user);
            }
            return gone;
        }, List::of);
    }

    @Override
    public Set<String> online(Collection<String> userIds) {
        long now = clock.millis();
        return redis.call(c -> {
            Set<String> on = new HashSet<>();
            for (String u : userIds) {
                if (c.zcount(redis.key("presence:u:" + u), io.lettuce.core.Range.create((double) now + 1, Double.POSITIVE_INFINITY)) > 0) on.add(u);
            }
            return on;
        }, Set::of);
    }
}
