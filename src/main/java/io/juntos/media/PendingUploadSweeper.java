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
    private final MediaStore store;
    private final MediaService service;
    private final MediaConfig config;
    private final Clock clock;
    private ScheduledExecutorService executor;

    PendingUploadSweeper(MediaRows rows, MediaStore store, MediaService service, MediaConfig config, Clock clock) {
        this.rows = rows;
        this.store = store;
        this.service = service;
        this.config = config;
        this.clock = clock;
    }

    PendingUploadSweeper withClock(Clock other) {
        return new PendingUploadSweeper(rows, store, service, config, other);
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
        int rounds = 0;
        do {
            batch = rows.abandoned(clock.millis() - config.cleanupGrace().toMillis(), BATCH);
            batch.forEach(service::discard);
            total += batch.size();
            // Bounded, so that rows whose objects cannot be deleted right now do not keep this pass spinning.
        } while (batch.size() == BATCH && ++rounds < 10);
        return total;
    }

    /**
     * Bytes that reached {@code incoming/} with no record left (an upload still streaming when its
     * record was swept). Anything there older than a URL's lifetime, the grace and an hour of
     * processing margin cannot belong to a live upload.
     */
    int sweepStaleObjects() throws java.io.IOException {
        long margin = config.uploadUrlTtl().plus(config.cleanupGrace()).plusHours(1).toMillis();
        return store.removeStale(java.time.Instant.ofEpochMilli(clock.millis() - margin), this::ownedByLiveUpload);
    }

    /**
     * An upload's bytes are live while its record is pending (the client may still send them) or
     * processing (complete is reading them). Anything else under incoming/ is an orphan: bytes that
     * reached a presigned S3 URL after the record was deleted (S3 cannot refuse them), or a second
     * upload after completion. The record exists before its URL is handed out, so there is no
     * window where live bytes have no record.
     */
    private boolean ownedByLiveUpload(String key) {
        String id = key.substring(key.indexOf('/') + 1);
        if (!io.juntos.store.Ids.isWellFormed(id)) return false;
        return rows.find(id).map(r -> r.state() == MediaRow.State.PENDING || r.state() == MediaRow.State.PROCESSING).orElse(false);
    }

    /** Deletes the objects and rows of media already marked deleting (after their parent's transaction). */
    void purge(List<String> ids) {
        for (String id : ids) rows.find(id).ifPresent(service::discard);
    }

    private void sweepSafely() {
        try {
            int n = sweep();
            int stale = sweepStaleObjects();
            if (n + stale > 0) log.info("media sweep removed={} staleObjects={}", n, stale);
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("media sweep failed; will retry error={}", e.toString());
        }
    }
}
