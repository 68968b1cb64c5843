package io.juntos.media;

import java.time.Instant;

/**
 * What clients see of a media object: its metadata and, once ready, short-lived signed URLs for
 * the object and (images) its thumbnail. Absent fields are left out of the JSON.
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
        Instant createdAt,
        String url,
        String thumbnailUrl,
        Instant urlExpiresAt) {
}
