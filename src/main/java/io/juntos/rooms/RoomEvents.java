package io.juntos.rooms;

import io.juntos.gateway.Backfill;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's stream {@code room.<id>}: every change members must not miss (playback, queue,
 * members, settings) is appended to {@code room_events} with the next seq in the transaction that
 * makes the change, and published once that transaction commits. It is also the gateway's
 * {@link Backfill} for the prefix {@code room.}: a reconnecting member replays what it missed.
 */
final class RoomEvents implements Backfill {
    static final String PREFIX = "room.";

    private final Jdbi jdbi;
    private final RoomStore store;
    private final Gateway gateway;
    private final Clock clock;

    RoomEvents(Jdbi jdbi, RoomStore store, Gateway gateway, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
    }

    static String topic(String roomId) {
        return PREFIX + roomId;
    }

    /** Appends an event in the caller's transaction; it is published after commit. Returns its seq. */
    long append(Handle h, String roomId, String type, Map<String, ?> data) {
        long seq = store.nextSeq(h, roomId).orElseThrow(() -> ApiException.notFound("The room"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("roomId", roomId);
        d.put("seq", seq);
        d.putAll(data);
        String frame = gateway.frames().event(type, d);
        h.createUpdate("INSERT INTO room_events (room_id, seq, frame, created_at) VALUES (:r, :s, :f, :now)")
                .bind("r", roomId).bind("s", seq).bind("f", frame).bind("now", clock.millis()).execute();
        h.afterCommit(() -> gateway.publishSequenced(topic(roomId), seq, type, d));
        return seq;
    }

    @Override
    public List<Sequenced> after(String topic, long afterSeq, int limit) {
        String roomId = topic.substring(PREFIX.length());
        return jdbi.withHandle(h -> h.createQuery("SELECT seq, frame FROM room_events WHERE room_id = :r AND seq > :s ORDER BY seq LIMIT :n")
                .bind("r", roomId).bind("s", afterSeq).bind("n", limit)
                .map((rs, c) -> new Sequenced(rs.getLong(1), rs.getString(2))).list());
    }

    @Override
    public long latest(String topic) {
        String roomId = topic.substring(PREFIX.length());
        return jdbi.withHandle(h -> h.createQuery("SELECT last_seq FROM rooms WHERE id = :r").bind("r", roomId).mapTo(Long.class).findOne().orElse(0L));
    }
}
