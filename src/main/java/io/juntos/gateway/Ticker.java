package io.juntos.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one background job, a single thread for every socket (cheap at 10,000): pings
 * after a silence (each connection has its own jitter so pings spread out), closes the dead, the
 * never-authenticated and those whose close frame is stuck behind a backlog, and releases the held
 * topics of clients that never resume. It never does I/O other than queueing frames.
 */
final class Ticker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ticker.class);

    private final Collection<Connection> connections;
    private final GatewayConfig cfg;
    private final Frames frames;
    private final Topics topics;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    Ticker(Collection<Connection> connections, GatewayConfig cfg, Frames frames, Topics topics, Clock clock) {
        this.connections = connections;
        this.cfg = cfg;
        this.frames = frames;
        this.topics = topics;
        this.clock = clock;
        long period = Math.clamp(cfg.pingInterval().toMillis() / 5, 50, 1000);
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ws-ticker").daemon().factory());
        executor.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long now = clock.millis();
            for (Connection c : connections) check(c, now);
        } catch (RuntimeException e) {
            log.error("gateway ticker failed", e);
        }
    }

    private void check(Connection c, long now) {
        if (c.closeOverdue(now)) {
            c.session.disconnect();
        } else if (c.isClosing()) {
            return;
        } else if (!c.isAuthenticated() && now - c.openedAt > cfg.helloTimeout().toMillis()) {
            c.close(CloseCode.HELLO_TIMEOUT, now);
        } else if (c.isDead(now)) {
            c.close(CloseCode.HEARTBEAT_TIMEOUT, now);
        } else if (c.resumeOverdue(now, cfg.resumeGrace().toMillis()) && c.markHoldReleased()) {
            // The replay reads the store: on its own virtual thread, never on the ticker.
            Thread.ofVirtual().name("ws-release").start(new Caller(c, topics, frames)::releaseHeld);
        } else if (c.isAuthenticated() && c.pingDue(now)) {
            c.pinged(now);
            c.send(frames.event("ping", Map.of("t", now)));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
