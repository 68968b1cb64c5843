package io.juntos.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Builds {@link MediaView}s, signing download URLs for ready objects. */
final class MediaViews {
    private final MediaStore store;
    private final Duration ttl;
    private final Clock clock;

    MediaViews(MediaStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    MediaView of(MediaRow r) {
        String state = MediaRows.wire(r.state());
        long size = r.size() == null ? r.declaredSize() : r.size();
        if (r.state() != MediaRow.State.READY) {
            return new MediaView(r.id(), state, r.purpose().wire(), r.fileName(), r.type().mime(), size, null, null, null,
                    Instant.ofEpochMilli(r.createdAt()), null, null, null);
        }
        Instant exp = expiry();
        String url = store.signDownload(r.objectKey(), r.type(), r.fileName(), exp).toString();
        String thumb = r.thumbType() == null ? null
                : store.signDownload(r.thumbKey(), r.thumbType(), thumbName(r), exp).toString();
        return new MediaView(r.id(), state, r.purpose().wire(), r.fileName(), r.type().mime(), size, r.width(), r.height(),
                r.animated() ? Boolean.TRUE : null, Instant.ofEpochMilli(r.createdAt()), url, thumb, exp);
    }

    /**
     * Expiry counted from the start of the current minute, so that the same object gets the same
     * URL for a minute and a browser's cache keeps working across page updates.
     */
    private Instant expiry() {
        if (ttl.compareTo(Duration.ofMinutes(2)) < 0) return clock.instant().plus(ttl);
        long minute = clock.millis() / 60_000 * 60_000;
        return Instant.ofEpochMilli(minute).plus(ttl);
    }

    private static String thumbName(MediaRow r) {
        String base = r.fileName().contains(".") ? r.fileName().substring(0, r.fileName().lastIndexOf('.')) : r.fileName();
        return base + ".thumb." + r.thumbType().extension();
    }
}
