package io.juntos.push;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is looking, on this node: each authenticated socket counts as visible until its tab reports
 * {@code push.visibility {visible:false}}. A person with a visible socket is not pushed to; a person
 * with no socket, or only hidden tabs, is. Per node (as typing and rate limits are until the Redis
 * work): on several nodes, a visible tab on another node does not suppress a push.
 */
final class Visibility {
    private record Socket(String userId, boolean visible) {
    }

    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();

    void opened(String connectionId, String userId) {
        sockets.put(connectionId, new Socket(userId, true));
    }

    void report(String connectionId, String userId, boolean visible) {
        sockets.put(connectionId, new Socket(userId, visible));
    }

    void closed(String connectionId) {
        sockets.remove(connectionId);
    }

    boolean looking(String userId) {
        return sockets.values().stream().anyMatch(s -> s.visible() && s.userId().equals(userId));
    }
}
