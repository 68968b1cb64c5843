package io.juntos.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in throttling: after {@code maxFailures} failed attempts within {@code window} for one
 * account or from one client address, further attempts are refused until the oldest failure ages
 * out. Pure and in memory; a cluster will keep these counters in Redis.
 */
public final class SigninThrottle {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public SigninThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait, if any of the keys is locked out. */
    public Optional<Duration> retryAfter(String... keys) {
        Instant now = clock.instant();
        Duration longest = null;
        for (String key : keys) {
            Deque<Instant> q = failures.get(key);
            if (q == null) continue;
            synchronized (q) {
                prune(q, now);
                if (q.size() >= maxFailures) {
                    Duration wait = Duration.between(now, q.peekFirst().plus(window));
                    if (longest == null || wait.compareTo(longest) > 0) longest = wait;
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    public void recordFailure(String... keys) {
        Instant now = clock.instant();
        for (String key : keys) {
            Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (q) {
                prune(q, now);
                q.addLast(now);
            }
        }
        if (failures.size() > 100_000) sweep(now);
    }

    public void recordSuccess(String accountKey) {
        failures.remove(accountKey);
    }

    private void prune(Deque<Instant> q, Instant now) {
        while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) q.removeFirst();
    }

    private void sweep(Instant now) {
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }
}
