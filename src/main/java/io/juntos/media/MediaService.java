package io.juntos.media;

import io.juntos.auth.Principal;
import io.juntos.http.Checks;
import io.juntos.store.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The upload life cycle: announce (a signed upload URL), complete (check what was stored and make
 * it ready), read (metadata with signed download URLs) and delete. Bytes never pass through here.
 */
final class MediaService {
    private static final Logger log = LoggerFactory.getLogger(MediaService.class);

    private final MediaConfig config;
    private final MediaRows rows;
    private final MediaStore store;
    private final MediaViews views;
    private final ImageProcessor images;
    private final Media media;
    private final Outcomes outcomes;
    private final Clock clock;

    MediaService(MediaConfig config, MediaRows rows, MediaStore store, MediaViews views, ImageProcessor images, Media media,
                 Outcomes outcomes, Clock clock) {
        this.config = config;
        this.rows = rows;
        this.store = store;
        this.views = views;
        this.images = images;
        this.media = media;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** Body of {@code POST /api/media/uploads}. */
    record UploadRequest(String fileName, String contentType, Long size, Purpose purpose) {
    }

    record UploadTicket(String mediaId, String uploadUrl, String method, Map<String, String> headers, Instant expiresAt) {
    }

    UploadTicket announce(Principal p, UploadRequest req) {
        MediaType type = validate(req);
        Purpose purpose = req.purpose() == null ? Purpose.ATTACHMENT : req.purpose();
        long now = clock.millis();
        Instant expires = Instant.ofEpochMilli(now).plus(config.uploadUrlTtl());
        MediaRow row = new MediaRow(Ids.newId(), p.userId(), MediaRow.State.PENDING, purpose, cleanName(req.fileName()), type,
                req.size(), null, null, null, null, null, null, now, expires.toEpochMilli(), null, false);
        rows.jdbi().useTransaction(h -> {
            rows.lockOwner(h, p.userId());
            if (rows.pendingCount(h, p.userId()) >= config.maxPendingUploads()) {
                throw MediaErrors.tooManyPending(config.maxPendingUploads(), config.uploadUrlTtl());
            }
            long used = rows.usage(h, p.userId());
            if (used + req.size() > config.quotaBytes()) {
                throw MediaErrors.quotaExceeded(config.quotaBytes(), used);
            }
            rows.insert(h, row);
        });
        outcomes.count("announced");
        MediaStore.Signed signed = store.signUpload(row.incomingKey(), type, req.size(), expires);
        return new UploadTicket(row.id(), signed.url().toString(), signed.method(), signed.headers(), expires);
    }

    private MediaType validate(UploadRequest req) {
        Checks c = new Checks();
        if (c.text("fileName", req.fileName(), 1, 255)) {
            c.check(req.fileName().chars().noneMatch(ch -> ch < 0x20 || ch == 0x7F), "fileName", "invalid_characters", "The name must not contain control characters.");
            c.check(!cleanName(req.fileName()).isEmpty(), "fileName", "too_short", "The name must not be empty.");
        }
        c.check(req.contentType() != null, "contentType", "required", "This field is required.");
        if (req.size() == null) c.add("size", "required", "This field is required.");
        else c.check(req.size() > 0, "size", "too_small", "Must be at least 1 byte.");
        c.throwIfAny();
        MediaType type = MediaType.ofMime(req.contentType()).filter(config.allowedTypes()::contains)
                .orElseThrow(() -> MediaErrors.typeNotAccepted(req.contentType(), accepted()));
        if (req.purpose() == Purpose.AVATAR && type.kind() != MediaType.Kind.IMAGE) {
            throw MediaErrors.avatarMustBeImage();
        }
        long max = config.maxBytes(type);
        if (req.size() > max) throw MediaErrors.fileTooLarge(type, max);
        return type;
    }

    private List<String> accepted() {
        return config.allowedTypes().stream().map(MediaType::mime).sorted().toList();
    }

    /** Keeps the last path segment of what a browser or tool may send as a name, trimmed. */
    static String cleanName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        return base.equals(".") || base.equals("..") ? "" : base;
    }

    /**
     * Checks the uploaded object and makes it ready. A definite rejection (wrong size or type)
     * deletes the object and the record, so nothing is left behind; a passing failure (the store
     * unreachable) leaves the upload pending so the client may retry.
     */
    MediaView complete(Principal p, String id) {
        MediaRow row = owned(p, id);
        switch (row.state()) {
            case READY -> {
                return views.of(row);
            }
            case PROCESSING -> throw MediaErrors.processing();
            case DELETING -> throw MediaErrors.notFound();
            case PENDING -> {
            }
        }
        if (!rows.transition(id, MediaRow.State.PENDING, MediaRow.State.PROCESSING)) return complete(p, id);
        try {
            Stored stored = check(row);
            if (!rows.markReady(id, stored, clock.millis())) {
                // Deleted (by the owner or the sweeper) while we were checking it: drop what we stored.
                discard(row);
                throw MediaErrors.notFound();
            }
        } catch (Rejected e) {
            discard(row);
            outcomes.count(e.problem.code());
            throw e.problem;
        } catch (IOException e) {
            rows.transition(id, MediaRow.State.PROCESSING, MediaRow.State.PENDING);
            outcomes.count("store_unavailable");
            log.warn("media complete deferred id={} error={}", id, e.toString());
            throw MediaErrors.storageUnavailable();
        } catch (RuntimeException e) {
            rows.transition(id, MediaRow.State.PROCESSING, MediaRow.State.PENDING);
            throw e;
        }
        outcomes.count("ready");
        return views.of(rows.find(id).orElseThrow());
    }

    /** What was stored after the checks: the sniffed type and, for images, dimensions and a thumbnail. */
    record Stored(MediaType type, long size, Integer width, Integer height, MediaType thumbType, boolean animated) {
    }

    private Stored check(MediaRow row) throws IOException, Rejected {
        OptionalLong size = store.size(row.incomingKey());
        if (size.isEmpty() && clock.millis() > row.expiresAt()) {
            throw new Rejected(MediaErrors.uploadExpired());
        }
        if (size.isEmpty()) {
            throw MediaErrors.uploadMissing(Instant.ofEpochMilli(row.expiresAt()));
        }
        if (size.getAsLong() != row.declaredSize()) {
            throw new Rejected(MediaErrors.sizeMismatch(size.getAsLong(), row.declaredSize()));
        }
        MediaType sniffed = Sniffer.sniff(store.head(row.incomingKey(), Sniffer.HEAD_BYTES)).orElse(null);
        if (sniffed == null || !config.allowedTypes().contains(sniffed)) {
            throw new Rejected(MediaErrors.contentNotAccepted(accepted()));
        }
        if (sniffed != row.type()) {
            throw new Rejected(MediaErrors.typeMismatch(sniffed, row.type()));
        }
        if (sniffed.kind() == MediaType.Kind.IMAGE) {
            ImageProcessor.Result r = images.process(store, row, sniffed);
            return new Stored(sniffed, r.size(), r.width(), r.height(), r.thumbType(), r.animated());
        }
        store.promote(row.incomingKey(), row.objectKey(), sniffed);
        return new Stored(sniffed, size.getAsLong(), null, null, null, false);
    }

    MediaView read(Principal p, String id) {
        MediaRow row = rows.find(wellFormed(id)).orElseThrow(MediaErrors::notFound);
        if (!media.canRead(p.userId(), row)) throw MediaErrors.notFound();
        return views.of(row);
    }

    /**
     * A fresh signed URL of an avatar (or its thumbnail), for {@code <img src>} which cannot send a
     * bearer token. Avatars are shown to every signed-in user; the id (80 random bits) is the
     * capability, as with the avatar links of other chat services.
     */
    String avatarUrl(String id, boolean thumbnail) {
        MediaRow row = rows.find(wellFormed(id)).orElseThrow(MediaErrors::notFound);
        if (row.purpose() != Purpose.AVATAR || row.state() != MediaRow.State.READY) throw MediaErrors.notFound();
        MediaView v = views.of(row);
        return thumbnail && v.thumbnailUrl() != null ? v.thumbnailUrl() : v.url();
    }

    /** Deletes an unattached object of the caller (a cancelled or unwanted upload). */
    void delete(Principal p, String id) {
        MediaRow row = owned(p, id);
        if (row.attached()) throw MediaErrors.attached();
        if (row.state() == MediaRow.State.PROCESSING || !rows.transition(id, row.state(), MediaRow.State.DELETING)) throw MediaErrors.busy();
        discard(row);
    }

    /** Removes every object a row may have and then the row; safe to repeat. */
    void discard(MediaRow row) {
        try {
            store.delete(row.incomingKey());
            store.delete(row.objectKey());
            store.delete(row.thumbKey());
            rows.delete(row.id());
        } catch (IOException | RuntimeException e) {
            // The row stays (marked or pending) and the sweeper retries later.
            log.warn("media discard deferred id={} error={}", row.id(), e.toString());
            rows.markDeleting(row.id());
        }
    }

    private MediaRow owned(Principal p, String id) {
        MediaRow row = rows.find(wellFormed(id)).orElseThrow(MediaErrors::notFound);
        if (!row.ownerId().equals(p.userId())) throw MediaErrors.notFound();
        return row;
    }

    private static String wellFormed(String id) {
        if (!Ids.isWellFormed(id)) throw MediaErrors.notFound();
        return id;
    }
}
