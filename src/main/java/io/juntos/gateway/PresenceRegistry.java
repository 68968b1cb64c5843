package io.juntos.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who has a socket open, as every node sees it. Each entry is one socket of one node with an
 * expiry that its node renews ({@link #renew}); a node that dies stops renewing, its sockets
 * expire, and a {@link #sweep} on any node reports those users offline, each to exactly one node,
 * so that the "offline" notice is announced once. The in-process one serves one node; the Redis
 * one ({@code cluster.RedisPresence}) several.
 */
public interface PresenceRegistry {

    /** One socket, as the registry names it: the user and a socket id unique in the cluster. */
    record Socket(String userId, String socketId) {
    }

    /** A socket opened on this node; true when the user had no live socket anywhere before. */
    boolean opened(Socket s);

    /** A socket closed; true when it was the user's last live socket anywhere. */
    boolean closed(Socket s);

    /** Renews the expiry of this node's open sockets (all of them, so a registry that lost them learns them again). */
    void renew(Collection<Socket> open);

    /** Users whose last socket expired (their node died); each user is reported by one sweep only. */
    List<String> sweep();

    /** The users among {@code userIds} with a live socket. */
    Set<String> online(Collection<String> userIds);
}
