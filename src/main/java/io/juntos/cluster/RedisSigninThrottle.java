package io.juntos.cluster;

import io.juntos.auth.SigninThrottle;
import io.juntos.limits.RateLimit;
import io.juntos.store.Ids;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link SigninThrottle} with the counters in Redis: the rules of {@code MemorySigninThrottle}
 * (same windows, same doubling lock-out capped at a day) in one atomic script per reservation,
 * so parallel guesses on several nodes cannot all pass the check before one is counted. Each
 * window is a sorted set of reservation ids scored by time. While Redis is unreachable the node
 * throttles in this process ({@code local}).
 */
final class RedisSigninThrottle implements SigninThrottle {
    /**
     * KEYS pair, address, account windows and the pair's backoff hash; ARGV now, reservation id,
     * then capacity and period (ms) of each window. Returns 0 (granted) or the wait in ms.
     */
    private static final String RESERVE = """
            local now = tonumber(ARGV[1])
            local wait = 0
            local untilv = tonumber(redis.call('HGET', KEYS[4], 'until') or '0')
            if untilv > now then wait = untilv - now end
            for i = 1, 3 do
              local cap = tonumber(ARGV[1 + 2 * i])
              local per = tonumber(ARGV[2 + 2 * i])
              redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[1] - per)
              if redis.call('ZCARD', KEYS[i]) >= cap then
                local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
                local w = tonumber(first[2]) + per - now
                if w > wait then wait = w end
              end
            end
            if wait > 0 then return wait end
            for i = 1, 3 do
              redis.call('ZADD', KEYS[i], ARGV[1], ARGV[2])
              redis.call('PEXPIRE', KEYS[i], ARGV[2 + 2 * i])
            end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
              local n = 0
              local prev = redis.call('HGET', KEYS[4], 'n')
              if prev then n = tonumber(prev) + 1 end
              local w = tonumber(ARGV[4]) * (2 ^ math.min(n, 10))
              if w > 86400000 then w = 86400000 end
              redis.call('HSET', KEYS[4], 'n', n, 'until', string.format('%d', now + w))
              redis.call('PEXPIRE', KEYS[4], string.format('%d', w + 86400000))
              redis.call('DEL', KEYS[1])
            end
            return 0
            """;
    private static final String SUCCEEDED = """
            redis.call('DEL', KEYS[1], KEYS[4])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            return 0
            """;

    private final RedisState redis;
    private final RateLimit perPair;
    private final RateLimit perAddress;
    private final RateLimit perAccount;
    private final Clock clock;
    private final SigninThrottle local;

    RedisSigninThrottle(RedisState redis, RateLimit perPair, RateLimit perAddress, RateLimit perAccount, Clock clock, SigninThrottle local) {
        this.redis = redis;
        this.perPair = perPair;
        this.perAddress = perAddress;
        this.perAccount = perAccount;
        this.clock = clock;
        this.local = local;
    }

    @Override
    public Result reserve(String account, String address) {
        long now = clock.millis();
        String id = Ids.newId();
        var r = new Reservation("pair:" + account + "|" + address, "ip:" + address, "acct:" + account, Instant.ofEpochMilli(now), id);
        Long wait = redis.call(c -> redis.script(RESERVE, keys(r), Long.toString(now), id,
                n(perPair.capacity()), ms(perPair.period()), n(perAddress.capacity()), ms(perAddress.period()),
                n(perAccount.capacity()), ms(perAccount.period())), () -> null);
        if (wait == null) return local.reserve(account, address);
        return wait > 0 ? new Result.Wait(Duration.ofMillis(wait)) : new Result.Granted(r);
    }

    @Override
    public void succeeded(Reservation r) {
        if (r.id().isEmpty()) { // granted by the local fallback while Redis was lost
            local.succeeded(r);
            return;
        }
        redis.call(c -> redis.script(SUCCEEDED, keys(r), r.id()), () -> 0L);
    }

    private String[] keys(Reservation r) {
        return new String[]{redis.key("signin:" + r.pairKey()), redis.key("signin:" + r.addressKey()),
                redis.key("signin:" + r.accountKey()), redis.key("signin:backoff:" + r.pairKey())};
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String ms(Duration d) {
        return Long.toString(d.toMillis());
    }
}
