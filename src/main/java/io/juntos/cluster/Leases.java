package io.juntos.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * Named leases: at most one owner (a node) holds a name until its lease runs out. The owner
 * renews it well before; a node that dies stops renewing and another takes the name over once the
 * lease expired. Used for work exactly one node must do, such as a room's playback clock.
 */
public interface Leases {

    /** Takes or renews the lease; true when {@code owner} holds it afterwards (for {@code ttl}). */
    boolean acquire(String name, String owner, Duration ttl);

    /** Gives the lease up if {@code owner} holds it (a draining node hands its rooms over at once). */
    void release(String name, String owner);

    /** The owner holding an unexpired lease, if any. */
    Optional<String> holder(String name);
}
