package io.juntos.media;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where media bytes live. Clients move the bytes themselves through signed URLs, so the
 * application never holds a whole file in memory; the store only signs, inspects, copies and deletes.
 * Keys are {@code incoming/<id>} (what a client uploaded, not yet checked) and {@code objects/<id>}
 * / {@code objects/<id>.thumb} (checked objects that are served).
 */
public sealed interface MediaStore extends AutoCloseable permits LocalMediaStore, S3MediaStore {

    /** A request the client makes itself: {@code url} may be a path on this server (local backend) or absolute (S3). */
    record Signed(URI url, String method, Map<String, String> headers) {
    }

    /** Lets a client PUT exactly {@code size} bytes of {@code type} at {@code key} until {@code expiresAt}. */
    Signed signUpload(String key, MediaType type, long size, Instant expiresAt);

    /** Lets anyone holding the URL GET {@code key} until {@code expiresAt}, served as {@code type} under {@code fileName}. */
    URI signDownload(String key, MediaType type, String fileName, Instant expiresAt);

    /** The stored size, or empty when nothing is stored at {@code key}. */
    OptionalLong size(String key) throws IOException;

    /** Up to {@code n} first bytes of the object. */
    byte[] head(String key, int n) throws IOException;

    /** Copies the object into a local file (for image processing), streaming. */
    void fetch(String key, Path target) throws IOException;

    /** Stores a local file at {@code key}. */
    void put(String key, Path source, MediaType type) throws IOException;

    /** Makes {@code from} available as {@code to} and removes {@code from}. */
    void promote(String from, String to, MediaType type) throws IOException;

    /** Removes the object; removing a missing one is not an error. */
    void delete(String key) throws IOException;

    /**
     * Deletes uploads under {@code incoming/} that no live upload owns ({@code live} says false for
     * the key) or that were last written before {@code before}, and unfinished temporary files
     * written before {@code before}: bytes that arrived after their record was deleted or swept.
     * Returns how many went.
     */
    int removeStale(Instant before, java.util.function.Predicate<String> live) throws IOException;

    @Override
    default void close() {
    }
}
