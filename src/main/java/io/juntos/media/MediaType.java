package io.juntos.media;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The types we can recognise from their first bytes ({@link Sniffer}). Only these may ever be
 * allowed, because a type we cannot sniff is a type whose declared label we would have to trust.
 */
public enum MediaType {
    JPEG("image/jpeg", Kind.IMAGE, "jpg"),
    PNG("image/png", Kind.IMAGE, "png"),
    WEBP("image/webp", Kind.IMAGE, "webp"),
    GIF("image/gif", Kind.IMAGE, "gif"),
    MP4("video/mp4", Kind.VIDEO, "mp4"),
    WEBM("video/webm", Kind.VIDEO, "webm"),
    PDF("application/pdf", Kind.FILE, "pdf");

    /** What a type is for: limits and how it is served (inline or as a download) follow from it. */
    public enum Kind { IMAGE, VIDEO, FILE }

    private final String mime;
    private final Kind kind;
    private final String extension;

    MediaType(String mime, Kind kind, String extension) {
        this.mime = mime;
        this.kind = kind;
        this.extension = extension;
    }

    public String mime() {
        return mime;
    }

    public Kind kind() {
        return kind;
    }

    public String extension() {
        return extension;
    }

    /** Images and videos are shown in the page; anything else is offered as a download. */
    public boolean inline() {
        return kind != Kind.FILE;
    }

    /** Matches {@code image/jpeg}, ignoring case and parameters such as {@code ;charset=…}. */
    public static Optional<MediaType> ofMime(String value) {
        if (value == null) return Optional.empty();
        String bare = value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (bare.equals("image/jpg")) bare = "image/jpeg";
        String key = bare;
        return Arrays.stream(values()).filter(t -> t.mime.equals(key)).findFirst();
    }
}
