package io.juntos.rooms;

import io.juntos.playback.Action;
import io.juntos.playback.PlaybackState;
import io.juntos.playback.Transitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live rooms' clock, every 250 ms: ends waits that ran out (wait policy), advances to the next
 * queue item when the current one ended (auto-advance), and sends each host its members' drift,
 * buffering and connection ({@code room.members}) about once a second.
 */
final class RoomTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomTicker.class);
    private static final long PERIOD_MS = 250;

    private final RoomLive live;
    private final RoomPlayback playback;
    private final RoomsGateway frames;
    private final RoomsConfig cfg;
    private final Clock clock;
    private final ScheduledExecutorService exec;
    private long lastHostView;

    RoomTicker(RoomLive live, RoomPlayback playback, RoomsGateway frames, RoomsConfig cfg, Clock clock) {
        this.live = live;
        this.playback = playback;
        this.frames = frames;
        this.cfg = cfg;
        this.clock = clock;
        this.exec = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("room-ticker").factory());
        exec.scheduleAtFixedRate(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long now = clock.millis();
        boolean hostView = now - lastHostView >= cfg.hostViewInterval().toMillis();
        if (hostView) lastHostView = now;
        live.all().forEach((roomId, l) -> {
            try {
                tick(roomId, l, now, hostView);
            } catch (RuntimeException e) {
                log.warn("room tick failed room={}", roomId, e);
            }
        });
    }

    private void tick(String roomId, RoomLive.Live l, long now, boolean hostView) {
        PlaybackState decided = live.locked(roomId, () -> l.sync.tick(l.state));
        if (decided != null) frames.applyPolicyState(roomId, l, decided);
        if (l.autoAdvance && Transitions.ended(l.state, now)) {
            playback.change(roomId, (h, s) -> Transitions.ended(s, clock.millis())
                    ? Transitions.apply(s, new Action.Load(playback.following(h, roomId, s)), clock.millis()) : null, true);
        }
        if (hostView && l.hostId != null) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("roomId", roomId);
            view.put("version", l.state.version());
            view.put("members", live.locked(roomId, () -> l.sync.health(l.state)));
            l.conns.values().stream().filter(c -> c.userId().equals(l.hostId)).forEach(c -> c.send("room.members", view));
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
