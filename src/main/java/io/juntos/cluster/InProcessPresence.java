package io.juntos.cluster;

import io.juntos.gateway.PresenceRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link PresenceRegistry} in memory. Nodes of one {@link Hub} share it (tests of expiry across
 * nodes); a lone node is a hub of one. One monitor guards the maps: held for microseconds.
 */
public final class InProcessPresence implements PresenceRegistry {
    /** Default lifetime of a socket's entry without renewal. */
    public static final Duration TTL = Duration.ofSeconds(30);

    /** What the nodes share: per user, socket id → expiry (clock millis). */
    public static final class Hub {
        private final Map<String, Map<String, Long>> users = new HashMap<>();

        public InProcessPresence node(Clock clock) {
            return new InProcessPresence(this, clock, TTL);
        }

        public InProcessPresence node(Clock clock, Duration ttl) {
            return new InProcessPresence(this, clock, ttl);
        }
    }

    private final Hub hub;
    private final Clock clock;
    private final long ttl;

    private InProcessPresence(Hub hub, Clock clock, Duration ttl) {
        this.hub = hub;
        this.clock = clock;
        this.ttl = ttl.toMillis();
    }

    @Override
    public boolean opened(Socket s) {
        long now = clock.millis();
        synchronized (hub) {
            Map<String, Long> sockets = hub.users.computeIfAbsent(s.userId(), u -> new HashMap<>());
            sockets.values().removeIf(exp -> exp <= now);
            boolean first = sockets.isEmpty();
            sockets.put(s.socketId(), now + ttl);
            return first;
        }
    }

    @Override
    public boolean closed(Socket s) {
        long now = clock.millis();
        synchronized (hub) {
            Map<String, Long> sockets = hub.users.get(s.userId());
            if (sockets == null) return false;
            boolean had = sockets.remove(s.socketId()) != null;
            sockets.values().removeIf(exp -> exp <= now);
            if (!sockets.isEmpty()) return false;
            hub.users.remove(s.userId());
            return had;
        }
    }

    @Override
    public void renew(Collection<Socket> open) {
        long exp = clock.millis() + ttl;
        synchronized (hub) {
            for (Socket s : open) hub.users.computeIfAbsent(s.userId(), u -> new HashMap<>()).put(s.socketId(), exp);
        }
    }

    @Override
    public List<String> sweep() {
        long now = clock.millis();
        List<String> gone = new ArrayList<>();
        synchronized (hub) {
            hub.users.entrySet().removeIf(e -> {
                e.getValue().values().removeIf(exp -> exp <= now);
                if (!e.getValue().isEmpty()) return false;
                gone.add(e.getKey());
                return true;
            });
        }
        return gone;
    }

    @Override
    public Set<String> online(Collection<String> userIds) {
        long now = clock.millis();
        Set<String> on = new HashSet<>();
        synchronized (hub) {
            for (String u : userIds) {
                var sockets = hub.users.get(u);
                if (sockets != null && sockets.values().stream().anyMatch(exp -> exp > now)) on.add(u);
            }
        }
        return on;
    }
}
