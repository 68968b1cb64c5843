package io.juntos.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes uploads never completed (their URL expired more than the grace period ago), uploads
 * stuck in processing, and media whose deletion was interrupted, together with their objects.
 * Runs every {@code JUNTOS_MEDIA_SWEEP_INTERVAL} on one virtual thread.
 */
final class PendingUploadSweeper {
    private static final Logger log = LoggerFactory.getLogger(PendingUploadSweeper.class);
    private static final int BATCH = 200;

    private final MediaRows rows;
    private final MediaService service;
    private final MediaConfig config;
    private final Clock clock;
    private ScheduledExecutorService executor;

    PendingUploadSweeper(MediaRows rows, MediaService service, MediaConfig config, Clock clock) {
        this.rows = rows;
        this.service = service;
        this.config = config;
        this.clock = clock;
    }

    synchronized void start() {
        if (executor != null) return;
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("media-sweeper").factory());
        long every = config.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (executor != null) executor.shutdownNow();
    }

    /** One pass; returns how many uploads were removed. */
    int sweep() {
        int total = 0;
        List<MediaRow> batch;
        do {
            batch = rows.abandoned(clock.millis() - config.cleanupGrace().toMillis(), BATCH);
            batch.forEach(service::discard);
            total += batch.size();
        } while (batch.size() == BATCH);
        return total;
    }

    /** Deletes the objects and rows of media already marked deleting (after their parent's transaction). */
    void purge(List<String> ids) {
        for (String id : ids) rows.find(id).ifPresent(service::discard);
    }

    private void sweepSafely() {
        try {
            int n = sweep();
            if (n > 0) log.info("media sweep removed={}", n);
        } catch (RuntimeException e) {
            log.warn("media sweep failed; will retry error={}", e.toString());
        }
    }
}
