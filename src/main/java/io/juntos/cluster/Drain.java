package io.juntos.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graceful drain of one node (SIGTERM): from {@link #start} on, {@code /readyz} answers 503 (the
 * balancer stops sending new clients), WebSocket upgrades are refused, the gateway closes its
 * sockets in jittered batches with close code 4012 {@code draining} so that clients reconnect to
 * another node and resume, and HTTP requests already under way finish. {@link #await} returns
 * when all of that is done or the deadline ({@code JUNTOS_DRAIN_TIMEOUT}) passed.
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    /** Work a part does when the node drains; it gets the deadline and returns once done or past it. */
    @FunctionalInterface
    public interface Participant {
        void drain(long deadlineNanos);
    }

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Participant> participants = new CopyOnWriteArrayList<>();

    public boolean draining() {
        return draining.get();
    }

    public void join(Participant p) {
        participants.add(p);
    }

    /** Counts an HTTP request under way (the composition root calls these around each request). */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    /** Drains once: flags the node, runs every participant, waits for requests; bounded by {@code timeout}. */
    public void run(Duration timeout) {
        if (!draining.compareAndSet(false, true)) return;
        long deadline = System.nanoTime() + timeout.toNanos();
        log.info("draining: not ready, closing sockets, finishing requests (deadline {}s)", timeout.toSeconds());
        for (Participant p : participants) {
            try {
                p.drain(deadline);
            } catch (RuntimeException e) {
                log.error("drain participant failed", e);
            }
        }
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // polling a counter of in-flight requests, not waiting for time to pass in a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("drained requestsLeft={}", inFlight.get());
    }
}
