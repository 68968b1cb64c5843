package io.juntos.gateway;

import io.juntos.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads, every {@code JUNTOS_WS_SESSION_RECHECK}, whether the session of each open socket is
 * still alive, and closes the sockets of those that are not (4003). Revocation notices on the bus
 * close sockets at once; this is the backstop for a notice that was lost (a node that was
 * partitioned, a race the notice did not see), so no socket outlives its session by more than
 * one period. The reads run on a virtual thread, never on the ticker.
 */
final class SessionAudit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionAudit.class);

    private final Map<String, Set<Connection>> bySession;
    private final Authenticator authenticator;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    SessionAudit(Map<String, Set<Connection>> bySession, Authenticator authenticator, Duration period, Clock clock) {
        this.bySession = bySession;
        this.authenticator = authenticator;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("ws-session-audit").factory());
        executor.scheduleWithFixedDelay(this::audit, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void audit() {
        try {
            for (String sessionId : List.copyOf(bySession.keySet())) {
                if (authenticator.isLive(sessionId)) continue;
                Set<Connection> conns = bySession.get(sessionId);
                if (conns == null) continue;
                long now = clock.millis();
                conns.forEach(c -> c.close(CloseCode.SESSION_REVOKED, now));
            }
        } catch (RuntimeException e) {
            log.error("session audit failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
