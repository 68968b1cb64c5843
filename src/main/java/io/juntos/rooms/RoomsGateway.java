package io.juntos.rooms;

import io.juntos.gateway.Caller;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.playback.Correction;
import io.juntos.playback.PlaybackState;
import io.juntos.playback.Report;
import io.juntos.playback.SyncController;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rooms' frames (docs/protocol.md §8): enrol in a room's playback, clock samples, position
 * reports (ephemeral, ~1/s), playback actions, and what the server sends back to one connection: {@code room.correction}, and to the host {@code room.members}.
 */
final class RoomsGateway {
    private final Gateway gateway;
    private final Jdbi jdbi;
    private final RoomStore store;
    private final RoomReads reads;
    private final RoomPlayback playback;
    private final RoomLive live;
    private final RoomsConfig cfg;
    private final PlaybackJson json;
    private final Clock clock;

    RoomsGateway(Gateway gateway, Jdbi jdbi, RoomStore store, RoomReads reads, RoomPlayback playback, RoomLive live, RoomsConfig cfg,
                 PlaybackJson json, Clock clock) {
        this.gateway = gateway;
        this.jdbi = jdbi;
        this.store = store;
        this.reads = reads;
        this.playback = playback;
        this.live = live;
        this.cfg = cfg;
        this.json = json;
        this.clock = clock;
    }

    void register(io.juntos.FeatureContext ctx, RoomEvents events) {
        // room.<id> is a sequenced stream: the gateway's generic resume ({"streams":{"room.<id>":seq}}) replays it.
        ctx.stream(RoomEvents.PREFIX, events);
        // Every socket follows its user's rooms from the start, so a resume covers them like any stream.
        gateway.onAuthenticated(c -> jdbi.withHandle(h -> store.roomIdsOf(h, c.userId())).forEach(id -> c.follow(RoomEvents.topic(id))));
        gateway.onClosed(c -> live.roomsOf(c.connectionId()).forEach(id -> left(id, c.connectionId())));
        var family = ctx.frames("room.");
        family.on("room.subscribe", Subscribe.class, this::subscribe);
        family.on("room.unsubscribe", RoomRef.class, (c, r) -> {
            String roomId = requireRoomId(r.roomId());
            RoomLive.Live l = live.get(roomId);
            if (l == null || !l.conns.containsKey(c.connectionId())) throw RoomsException.roomNotFound();
            left(roomId, c.connectionId());
            return Map.of();
        });
        family.on("room.clock", ClockRequest.class, (c, r) -> Map.of("serverTime", clock.millis()));
        family.on("room.report", ReportRequest.class, this::report);
        family.on("room.playback", PlaybackFrame.class, (c, r) ->
                playback.act(c.userId(), requireRoomId(r.roomId()), new RoomPlayback.PlaybackRequest(r.action(), r.position(), r.rate())));
    }

    record RoomRef(String roomId) {
    }

    record Subscribe(String roomId) {
    }

    record ClockRequest(Long clientTime) {
    }

    record ReportRequest(String roomId, String itemId, Double position, Boolean buffering, Boolean playing, Long at, Double duration) {
    }

    record PlaybackFrame(String roomId, String action, Double position, Double rate) {
    }

    /**
     * Enrols this connection in a room's synchronized playback (reports, corrections, the host view)
     * and answers with the current state and the server's time. Catching up on the room's stream is
     * the gateway's generic {@code resume}: every member's socket follows {@code room.<id>} from
     * connect, and a room joined later is followed at once ({@code room.joined}).
     */
    private Map<String, Object> subscribe(Caller c, Subscribe r) {
        String roomId = requireRoomId(r.roomId());
        var state = jdbi.withHandle(h -> {
            reads.room(h, roomId, c.userId());
            return store.byId(h, roomId).orElseThrow(RoomsException::roomNotFound);
        });
        // Membership was just checked: follow in case this socket opened before the member joined.
        c.follow(RoomEvents.topic(roomId));
        live.subscribe(roomId, c);
        RoomLive.Live l = live.get(roomId);
        live.announce(roomId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", state.lastSeq());
        out.put("playback", PlaybackJson.view(l != null ? l.state : json.read(state.playback())));
        out.put("serverTime", clock.millis());
        out.put("reportIntervalMs", cfg.reportInterval().toMillis());
        out.put("online", List.copyOf(live.online(roomId)));
        return out;
    }

    private Map<String, Object> report(Caller c, ReportRequest r) {
        String roomId = requireRoomId(r.roomId());
        RoomLive.Live l = live.get(roomId);
        if (l == null || !l.conns.containsKey(c.connectionId())) {
            throw ApiException.conflict("not_subscribed", null, "Send room.subscribe for this room first.");
        }
        if (r.position() == null || r.position().isNaN() || r.position() < 0) throw ApiException.invalid("position", "out_of_range", "A position in seconds.");
        long now = clock.millis();
        // A report stamped too far from now is a client clock estimate gone wrong: use arrival time.
        long at = r.at() == null || Math.abs(r.at() - now) > 5000 ? now : r.at();
        if (r.duration() != null && r.itemId() != null) playback.learnDuration(roomId, r.itemId(), r.duration());
        Report rep = new Report(r.itemId(), r.position(), Boolean.TRUE.equals(r.buffering()), Boolean.TRUE.equals(r.playing()), at, r.duration());
        SyncController.Outcome o = live.locked(roomId, () -> l.sync.report(c.connectionId(), rep, l.state));
        if (o.state() != null) applyPolicyState(roomId, l, o.state());
        if (o.correction() != null) c.send("room.correction", correction(roomId, o.correction(), l.state));
        return Map.of();
    }

    /** A state the wait policy decided (wait, resume): stored only if nothing changed the room meanwhile. */
    void applyPolicyState(String roomId, RoomLive.Live l, PlaybackState decided) {
        long expected = decided.version() - 1;
        playback.change(roomId, (h, s) -> s.version() == expected ? decided : null, true);
    }

    static Map<String, Object> correction(String roomId, Correction k, PlaybackState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roomId", roomId);
        switch (k) {
            case Correction.Rate r -> {
                m.put("kind", "rate");
                m.put("rate", Math.round(r.rate() * 10000) / 10000.0);
            }
            case Correction.Seek sk -> {
                m.put("kind", "seek");
                m.put("position", sk.position());
            }
        }
        m.put("driftMs", Math.round(k.driftMs() * 10) / 10.0);
        m.put("version", s.version());
        return m;
    }

    private void left(String roomId, String connectionId) {
        RoomLive.Live l = live.get(roomId);
        PlaybackState next = live.locked(roomId, () -> live.unsubscribe(roomId, connectionId));
        if (next != null && l != null) applyPolicyState(roomId, l, next);
        live.announce(roomId);
    }

    static String requireRoomId(String roomId) {
        if (roomId == null || !io.juntos.store.Ids.isWellFormed(roomId)) throw RoomsException.roomNotFound();
        return roomId;
    }
}
