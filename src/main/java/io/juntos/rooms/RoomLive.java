package io.juntos.rooms;

import io.juntos.gateway.Caller;
import io.juntos.playback.PlaybackState;
import io.juntos.playback.SyncController;
import io.juntos.playback.SyncThresholds;
import io.juntos.playback.WaitPolicy;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The rooms that have sockets in them on this node: for each, the connections subscribed, the
 * cached playback state (the store stays the source of truth; the cache is replaced after every
 * commit) and the room's {@link SyncController}. One node owns a room's clock: in this
 * single-node build that is simply this node (README, known limits).
 * <p>
 * Every change of a room's playback runs under that room's lock (a stripe of 64), so the read of
 * the state, the transaction and the cache update are one step: versions and seqs cannot
 * interleave. The lock is held across the short transaction on purpose: one writer per room.
 */
final class RoomLive {
    /** What a live room needs from the store. */
    record Snapshot(PlaybackState state, String hostId, boolean autoAdvance, WaitPolicy waitPolicy) {
    }

    interface Loader {
        Snapshot load(String roomId);
    }

    static final class Live {
        final Map<String, Caller> conns = new ConcurrentHashMap<>();
        final SyncController sync;
        volatile PlaybackState state;
        volatile String hostId;
        volatile boolean autoAdvance;

        Live(SyncController sync) {
            this.sync = sync;
        }
    }

    private final Map<String, Live> rooms = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private final SyncThresholds thresholds;
    private final Clock clock;
    private volatile Loader loader;

    RoomLive(SyncThresholds thresholds, Clock clock) {
        this.thresholds = thresholds;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) locks[i] = new ReentrantLock();
    }

    void loader(Loader l) {
        this.loader = l;
    }

    <T> T locked(String roomId, Supplier<T> body) {
        ReentrantLock lock = locks[Math.floorMod(roomId.hashCode(), locks.length)];
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    Live get(String roomId) {
        return rooms.get(roomId);
    }

    Map<String, Live> all() {
        return rooms;
    }

    /** A connection starts watching a room (after its membership was checked). */
    void subscribe(String roomId, Caller c) {
        locked(roomId, () -> {
            Live l = rooms.get(roomId);
            if (l == null) {
                Snapshot s = loader.load(roomId);
                if (s == null) return null;
                l = new Live(new SyncController(thresholds, s.waitPolicy(), clock));
                apply(l, s);
                rooms.put(roomId, l);
            }
            l.conns.put(c.connectionId(), c);
            l.sync.joined(c.connectionId(), c.userId());
            return null;
        });
    }

    /** The connection left the room (or closed): returns a new state if the room stops waiting for it. */
    PlaybackState unsubscribe(String roomId, String connectionId) {
        Live l = rooms.get(roomId);
        if (l == null || l.conns.remove(connectionId) == null) return null;
        PlaybackState next = l.sync.left(connectionId, l.state);
        if (l.conns.isEmpty()) rooms.remove(roomId, l);
        return next;
    }

    /** Rooms this connection watches. */
    List<String> roomsOf(String connectionId) {
        return rooms.entrySet().stream().filter(e -> e.getValue().conns.containsKey(connectionId)).map(Map.Entry::getKey).toList();
    }

    Set<String> online(String roomId) {
        Live l = rooms.get(roomId);
        if (l == null) return Set.of();
        Set<String> users = new HashSet<>();
        l.conns.values().forEach(c -> users.add(c.userId()));
        return users;
    }

    /** After a committed change: the cache takes the new state; earlier nudges no longer apply. */
    void committed(String roomId, PlaybackState s, boolean controllerChange) {
        Live l = rooms.get(roomId);
        if (l == null) return;
        l.state = s;
        if (controllerChange) l.sync.stateChanged();
    }

    void settingsChanged(String roomId) {
        Live l = rooms.get(roomId);
        if (l == null) return;
        locked(roomId, () -> {
            Snapshot s = loader.load(roomId);
            if (s == null) rooms.remove(roomId);
            else apply(l, s);
            return null;
        });
    }

    void userLeft(String roomId, String userId) {
        Live l = rooms.get(roomId);
        if (l == null) return;
        l.conns.values().stream().filter(c -> c.userId().equals(userId)).map(Caller::connectionId).toList()
                .forEach(id -> unsubscribe(roomId, id));
        announce(roomId);
    }

    /**
     * Who is watching changed: every connection watching the room gets the new set of users
     * ({@code room.presence}). Ephemeral like typing: a lost one costs nothing, since the next
     * subscribe ack and {@code GET /api/rooms/{id}} carry the same set. Sends only enqueue.
     */
    void announce(String roomId) {
        Live l = rooms.get(roomId);
        if (l == null) return;
        Map<String, Object> frame = Map.of("roomId", roomId, "online", List.copyOf(online(roomId)));
        l.conns.values().forEach(c -> c.send("room.presence", frame));
    }

    void closed(String roomId) {
        rooms.remove(roomId);
    }

    private static void apply(Live l, Snapshot s) {
        l.state = s.state();
        l.hostId = s.hostId();
        l.autoAdvance = s.autoAdvance();
        l.sync.policy(s.waitPolicy());
    }
}
