package io.juntos.lists;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who has which list open on this node, with the replica id each connection was handed, and a
 * per-connection throttle for caret updates. Ephemeral: nothing here is stored.
 */
final class ListViewers {
    static final int PRESENCE_PER_SECOND = 10;

    record Viewer(String userId, String connectionId, int replica) {
    }

    private final Map<String, Map<String, Viewer>> byList = new ConcurrentHashMap<>();
    private final Map<String, long[]> throttle = new ConcurrentHashMap<>();
    private final Clock clock;

    ListViewers(Clock clock) {
        this.clock = clock;
    }

    void add(String listId, Viewer v) {
        byList.computeIfAbsent(listId, k -> new ConcurrentHashMap<>()).put(v.connectionId(), v);
    }

    /** Removes a connection from a list; true if it was there. */
    boolean remove(String listId, String connectionId) {
        var m = byList.get(listId);
        boolean was = m != null && m.remove(connectionId) != null;
        if (m != null && m.isEmpty()) byList.remove(listId, m);
        return was;
    }

    /** The lists a closed connection had open (it is removed from each). */
    List<String> closed(String connectionId) {
        throttle.remove(connectionId);
        List<String> out = new ArrayList<>();
        for (var e : byList.entrySet()) if (remove(e.getKey(), connectionId)) out.add(e.getKey());
        return out;
    }

    /** Drops every connection of a user from a list (removed or left). */
    void removeUser(String listId, String userId) {
        var m = byList.get(listId);
        if (m != null) m.values().removeIf(v -> v.userId().equals(userId));
    }

    Viewer get(String listId, String connectionId) {
        var m = byList.get(listId);
        return m == null ? null : m.get(connectionId);
    }

    boolean isOpen(String listId) {
        var m = byList.get(listId);
        return m != null && !m.isEmpty();
    }

    List<Map<String, Object>> of(String listId) {
        List<Map<String, Object>> out = new ArrayList<>();
        var m = byList.get(listId);
        if (m != null) {
            for (Viewer v : m.values()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("userId", v.userId());
                x.put("connectionId", v.connectionId());
                out.add(x);
            }
        }
        return out;
    }

    /** Whether this connection may pass on another caret update now (at most {@link #PRESENCE_PER_SECOND} a second). */
    boolean allowPresence(String connectionId) {
        long now = clock.millis();
        long[] w = throttle.computeIfAbsent(connectionId, k -> new long[]{now, 0});
        synchronized (w) {
            if (now - w[0] >= 1000) {
                w[0] = now;
                w[1] = 0;
            }
            return ++w[1] <= PRESENCE_PER_SECOND;
        }
    }
}
