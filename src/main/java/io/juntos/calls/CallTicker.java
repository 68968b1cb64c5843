package io.juntos.calls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every 250 ms: calls nobody answered within the ring timeout become missed, and participants
 * whose connection died more than the grace ago are removed. Time is the injected clock's, so
 * tests move it instead of sleeping; this thread only decides when to look.
 */
final class CallTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallTicker.class);
    private static final long PERIOD_MS = 250;

    private final ScheduledExecutorService exec;

    CallTicker(Calls calls) {
        this.exec = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("call-ticker").factory());
        exec.scheduleWithFixedDelay(() -> {
            try {
                calls.tick();
            } catch (RuntimeException e) {
                log.warn("call tick failed", e);
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
