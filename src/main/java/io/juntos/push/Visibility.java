package io.juntos.push;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is looking, on this node: each authenticated socket counts as visible until its tab reports
 * {@code push.visibility {visible:false}}. A person with a visible socket is not pushed to; a person
 * with no socket, or only hidden tabs, is. Per node (as typing and rate limits are until the Redis
 * work): on several nodes, a visible tab on another node does not suppress a push.
 * <p>
 * Indexed by user: {@link #looking} runs for every recipient of every message, so it must not scan
 * the node's sockets (the messaging benchmark measured a scan of all sockets at 8 % of the server's CPU).
 */
final class Visibility {
    /** user id → (connection id → visible). A user's entry goes when their last socket closes. */
    private final Map<String, Map<String, Boolean>> byUser = new ConcurrentHashMap<>();
    private final Map<String, String> userOf = new ConcurrentHashMap<>();

    void opened(String connectionId, String userId) {
        report(connectionId, userId, true);
    }

    void report(String connectionId, String userId, boolean visible) {
        userOf.put(connectionId, userId);
        byUser.compute(userId, (u, sockets) -> {
            Map<String, Boolean> s = sockets == null ? new ConcurrentHashMap<>(2) : sockets;
            s.put(connectionId, visible);
            return s;
        });
    }

    void closed(String connectionId) {
        String userId = userOf.remove(connectionId);
        if (userId == null) return;
        byUser.computeIfPresent(userId, (u, sockets) -> {
            sockets.remove(connectionId);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    boolean looking(String userId) {
        Map<String, Boolean> sockets = byUser.get(userId);
        return sockets != null && sockets.containsValue(Boolean.TRUE);
    }
}
