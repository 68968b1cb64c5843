package io.juntos.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Leases} in this process, expiring by the injected clock. */
public final class InProcessLeases implements Leases {
    private record Lease(String owner, long expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    public InProcessLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean acquire(String name, String owner, Duration ttl) {
        long now = clock.millis();
        Lease after = leases.compute(name, (n, cur) ->
                cur == null || cur.owner().equals(owner) || cur.expiresAt() <= now ? new Lease(owner, now + ttl.toMillis()) : cur);
        return after.owner().equals(owner);
    }

    @Override
    public void release(String name, String owner) {
        leases.computeIfPresent(name, (n, cur) -> cur.owner().equals(owner) ? null : cur);
    }

    @Override
    public Optional<String> holder(String name) {
        Lease l = leases.get(name);
        return l == null || l.expiresAt() <= clock.millis() ? Optional.empty() : Optional.of(l.owner());
    }
}
