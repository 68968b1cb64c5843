package io.juntos.media;

import java.time.Instant;

/**
 * What clients see of a media object: its metadata and, once ready, short-lived signed URLs for
 * the object and (images) its thumbnail. Absent fields are left out of the JSON. {@code animated}
 * (only present, as true, for animated GIF/WebP) tells clients to show {@code url} rather than the
 * still thumbnail once the image is in view.
 */
public record MediaView(
        String id,
        String state,
        String purpose,
        String fileName,
        String contentType,
        long size,
        Integer width,
        Integer height,
        Boolean animated,
        Instant createdAt,
        String url,
        String thumbnailUrl,
        Instant urlExpiresAt) {
}
