package io.juntos.lists;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lists' housekeeping, once a minute on one virtual thread: purges lists trashed longer than
 * {@code trashDays} (with their media) and evicts idle replicas nobody has open (compacting them
 * first). Time comes from the server's clock, so tests move it instead of waiting.
 */
final class ListSweeper {
    private static final Logger log = LoggerFactory.getLogger(ListSweeper.class);

    private final Lists lists;
    private final ListReplicas replicas;
    private final ListViewers viewers;
    private ScheduledExecutorService executor;

    ListSweeper(Lists lists, ListReplicas replicas, ListViewers viewers) {
        this.lists = lists;
        this.replicas = replicas;
        this.viewers = viewers;
    }

    synchronized void start(Duration every) {
        if (executor != null) return;
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("lists-sweeper").factory());
        executor.scheduleWithFixedDelay(this::sweepSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (executor != null) executor.shutdownNow();
    }

    /** One pass; returns how many lists were purged. */
    int sweep() {
        int purged = lists.purge();
        replicas.sweep(viewers::isOpen);
        return purged;
    }

    private void sweepSafely() {
        try {
            int n = sweep();
            if (n > 0) log.info("lists purged from the trash count={}", n);
        } catch (RuntimeException e) {
            log.error("lists sweep failed", e);
        }
    }
}
