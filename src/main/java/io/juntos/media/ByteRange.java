package io.juntos.media;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of an object of a known size (RFC 9110 §14). One range is
 * served; a header we cannot read, or several ranges, is ignored and the whole object is sent,
 * which the RFC allows. A range starting past the end is unsatisfiable (416).
 */
public sealed interface ByteRange {
    /** The whole object (200). */
    record Full(long size) implements ByteRange {
    }

    /** Bytes {@code first..last}, both inclusive (206). */
    record Partial(long first, long last, long size) implements ByteRange {
        public long length() {
            return last - first + 1;
        }

        public String contentRange() {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** Nothing of the object matches (416 with {@code Content-Range: bytes *}{@code /size}). */
    record Unsatisfiable(long size) implements ByteRange {
    }

    Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    static ByteRange of(String header, long size) {
        if (header == null) return new Full(size);
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches()) return new Full(size);
        String a = m.group(1);
        String b = m.group(2);
        if (a.isEmpty() && b.isEmpty()) return new Full(size);
        if (a.isEmpty()) {
            long suffix = Long.parseLong(b);
            if (suffix == 0 || size == 0) return new Unsatisfiable(size);
            return new Partial(Math.max(0, size - suffix), size - 1, size);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
        if (last < first) return new Full(size);
        if (first >= size) return new Unsatisfiable(size);
        return new Partial(first, Math.min(last, size - 1), size);
    }
}
