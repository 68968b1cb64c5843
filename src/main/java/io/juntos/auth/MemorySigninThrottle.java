package io.juntos.auth;

import io.juntos.limits.RateLimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in throttling, pure and in memory, for one node ({@code cluster.RedisSigninThrottle} keeps
 * the same counters, by the same rules, in Redis for several).
 * <p>
 * Design (README "Sign-in throttling"):
 * <ul>
 *   <li>An attempt is <b>reserved before the password is hashed</b> and counted as a failure
 *       unless it succeeds: parallel guesses cannot all pass the check before any is counted.</li>
 *   <li>The account is the user id, whatever login named it (username or email), so both share
 *       one count; an unknown login is counted under its own name so guessing looks the same.</li>
 *   <li>Three limits: per (account, address), small ({@code signin_failures_per_account_address}):
 *       a stranger locks only <em>their own</em> address out of the account; per address
 *       ({@code signin_failures_per_address}): one address spraying many accounts; per account
 *       from every address, much higher ({@code signin_failures_per_account}): a distributed guess.
 *       Only the last one can keep the owner out, and it takes many addresses to reach.</li>
 *   <li>Each lock-out of a pair doubles the next wait (exponential backoff, capped at a day), so a
 *       patient guesser from one address gets ever fewer tries.</li>
 * </ul>
 * One monitor guards the counters: it is held for microseconds, never across hashing.
 */
public final class MemorySigninThrottle implements SigninThrottle {
    private final RateLimit perPair;
    private final RateLimit perAddress;
    private final RateLimit perAccount;
    private final Clock clock;
    private final Map<String, Deque<Instant>> attempts = new HashMap<>();
    private final Map<String, Backoff> backoffs = new HashMap<>();

    private record Backoff(int lockouts, Instant until) {
    }

    public MemorySigninThrottle(RateLimit perPair, RateLimit perAddress, RateLimit perAccount, Clock clock) {
        this.perPair = perPair;
        this.perAddress = perAddress;
        this.perAccount = perAccount;
        this.clock = clock;
    }

    @Override
    public synchronized Result reserve(String account, String address) {
        Instant now = clock.instant();
        String pair = "pair:" + account + "|" + address;
        String addr = "ip:" + address;
        String acct = "acct:" + account;
        Backoff b = backoffs.get(pair);
        Duration wait = b != null && b.until().isAfter(now) ? Duration.between(now, b.until()) : null;
        wait = longest(wait, full(pair, perPair, now));
        wait = longest(wait, full(addr, perAddress, now));
        wait = longest(wait, full(acct, perAccount, now));
        if (wait != null) return new Result.Wait(wait);
        for (String key : List.of(pair, addr, acct)) attempts.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
        if (count(pair, now, perPair) >= perPair.capacity()) lockOut(pair, now);
        if (attempts.size() > 100_000) sweep(now);
        return new Result.Granted(new Reservation(pair, addr, acct, now, ""));
    }

    @Override
    public synchronized void succeeded(Reservation r) {
        attempts.remove(r.pairKey());
        backoffs.remove(r.pairKey());
        for (String key : List.of(r.addressKey(), r.accountKey())) {
            Deque<Instant> q = attempts.get(key);
            if (q != null) q.removeLastOccurrence(r.at());
        }
    }

    private void lockOut(String pair, Instant now) {
        Backoff prev = backoffs.get(pair);
        int n = prev == null ? 0 : prev.lockouts() + 1;
        Duration wait = perPair.period().multipliedBy(1L << Math.min(n, 10));
        if (wait.compareTo(Duration.ofDays(1)) > 0) wait = Duration.ofDays(1);
        backoffs.put(pair, new Backoff(n, now.plus(wait)));
        attempts.remove(pair); // the backoff holds the lock now; the window starts over after it
    }

    private Duration full(String key, RateLimit limit, Instant now) {
        if (count(key, now, limit) < limit.capacity()) return null;
        return Duration.between(now, attempts.get(key).peekFirst().plus(limit.period()));
    }

    private int count(String key, Instant now, RateLimit limit) {
        Deque<Instant> q = attempts.get(key);
        if (q == null) return 0;
        while (!q.isEmpty() && !q.peekFirst().plus(limit.period()).isAfter(now)) q.removeFirst();
        return q.size();
    }

    private static Duration longest(Duration a, Duration b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void sweep(Instant now) {
        Duration longest = longest(longest(perPair.period(), perAddress.period()), perAccount.period());
        attempts.values().removeIf(q -> q.isEmpty() || !q.peekLast().plus(longest).isAfter(now));
        backoffs.values().removeIf(b -> !b.until().plus(Duration.ofDays(1)).isAfter(now));
    }
}
