package io.juntos.gateway;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authenticated sockets of each user on this node, to cap them ({@code JUNTOS_WS_SOCKETS_PER_USER}):
 * each socket has its own request allowance, so without a cap one account multiplies its rate by
 * opening more sockets.
 */
final class UserSockets {
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

    /** Registers the socket and returns how many the user now has, this one included. */
    int opened(String userId, Connection c) {
        int[] count = new int[1];
        byUser.compute(userId, (k, set) -> {
            Set<Connection> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(c);
            count[0] = s.size();
            return s;
        });
        return count[0];
    }

    void closed(String userId, Connection c) {
        byUser.computeIfPresent(userId, (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }
}
