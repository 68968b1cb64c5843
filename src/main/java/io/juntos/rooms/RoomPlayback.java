package io.juntos.rooms;

import io.juntos.http.ApiException;
import io.juntos.playback.Action;
import io.juntos.playback.PlaybackException;
import io.juntos.playback.PlaybackState;
import io.juntos.playback.Transitions;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Changes of a room's playback state: controller actions (REST and {@code room.playback}),
 * auto-advance and the wait policy's decisions. Each runs under the room's lock, reads the
 * authoritative state in its transaction, writes the new snapshot and appends a
 * {@code room.state} event with the next seq, then updates the live cache.
 */
final class RoomPlayback {
    private final Jdbi jdbi;
    private final RoomStore store;
    private final RoomReads reads;
    private final RoomEvents events;
    private final PlaybackJson json;
    private final RoomLive live;
    private final Clock clock;

    RoomPlayback(Jdbi jdbi, RoomStore store, RoomReads reads, RoomEvents events, PlaybackJson json, RoomLive live, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.reads = reads;
        this.events = events;
        this.json = json;
        this.live = live;
        this.clock = clock;
    }

    /** {@code POST /api/rooms/{id}/playback} and {@code room.playback}. */
    record PlaybackRequest(String action, Double position, Double rate) {
    }

    Map<String, Object> act(String userId, String roomId, PlaybackRequest r) {
        if (r.action() == null) throw ApiException.invalid("action", "required", "Say what to do: play, pause, seek, rate or next.");
        PlaybackState next = change(roomId, (h, s) -> {
            reads.controller(h, roomId, userId);
            Action a = switch (r.action()) {
                case "play" -> new Action.Play(r.position());
                case "pause" -> new Action.Pause(r.position());
                case "seek" -> new Action.Seek(Transitions.checkPosition(s, r.position()));
                case "rate" -> new Action.Rate(Transitions.checkRate(r.rate()));
                case "next" -> new Action.Load(following(h, roomId, s));
                default -> throw ApiException.invalid("action", "invalid_value", "Must be play, pause, seek, rate or next.");
            };
            return Transitions.apply(s, a, clock.millis());
        }, true);
        return Map.of("playback", PlaybackJson.view(next));
    }

    /**
     * Runs {@code f} on the current state in one transaction under the room's lock; when it
     * returns a different state, that state is stored with a {@code room.state} event.
     * {@link PlaybackException}s become 422 with the field, and nothing is written.
     */
    PlaybackState change(String roomId, BiFunction<Handle, PlaybackState, PlaybackState> f, boolean byController) {
        return live.locked(roomId, () -> {
            PlaybackState[] out = new PlaybackState[1];
            boolean changed = jdbi.inTransaction(h -> {
                var row = store.byId(h, roomId).orElseThrow(RoomsException::roomNotFound);
                PlaybackState s = json.read(row.playback());
                PlaybackState next;
                try {
                    next = f.apply(h, s);
                } catch (PlaybackException e) {
                    throw RoomsException.invalid(e);
                }
                out[0] = next == null ? s : next;
                if (next == null || next == s) return false;
                store.setPlayback(h, roomId, json.write(next), clock.millis());
                events.append(h, roomId, "room.state", Map.of("playback", PlaybackJson.view(next)));
                return true;
            });
            if (changed) live.committed(roomId, out[0], byController);
            return out[0];
        });
    }

    /** The queue item after the current one (or the first, when the current one is gone); null at the end. */
    PlaybackState.Item following(Handle h, String roomId, PlaybackState s) {
        List<RoomStore.QueueRow> q = store.queue(h, roomId);
        int at = -1;
        for (int i = 0; i < q.size(); i++) if (s.item() != null && q.get(i).id().equals(s.item().id())) at = i;
        if (at < 0 && s.item() != null && !q.isEmpty()) return item(q.getFirst());
        return at + 1 < q.size() && at >= -1 && !q.isEmpty() ? item(q.get(at + 1)) : null;
    }

    static PlaybackState.Item item(RoomStore.QueueRow q) {
        return new PlaybackState.Item(q.id(), q.kind(), q.source(), q.duration());
    }

    /** A player learned the current item's duration: stored quietly (no event), it bounds seeks and drives auto-advance. */
    void learnDuration(String roomId, String itemId, double duration) {
        if (!(duration > 0) || Double.isInfinite(duration)) return;
        live.locked(roomId, () -> {
            RoomLive.Live l = live.get(roomId);
            if (l == null || l.state.item() == null || !l.state.item().id().equals(itemId) || l.state.item().duration() != null) return null;
            jdbi.useTransaction(h -> {
                var row = store.byId(h, roomId).orElse(null);
                if (row == null) return;
                PlaybackState s = json.read(row.playback());
                store.setDuration(h, itemId, duration);
                if (s.item() == null || !s.item().id().equals(itemId)) return;
                PlaybackState with = withItem(s, s.item().withDuration(duration));
                store.setPlayback(h, roomId, json.write(with), clock.millis());
                l.state = with;
            });
            return null;
        });
    }

    private static PlaybackState withItem(PlaybackState s, PlaybackState.Item item) {
        return switch (s) {
            case PlaybackState.Playing p -> new PlaybackState.Playing(item, p.position(), p.atMs(), p.rate(), p.version());
            case PlaybackState.Paused p -> new PlaybackState.Paused(item, p.position(), p.atMs(), p.rate(), p.version());
            case PlaybackState.Waiting w -> new PlaybackState.Waiting(item, w.position(), w.atMs(), w.rate(), w.version(), w.waitingFor(), w.sinceMs());
        };
    }
}
