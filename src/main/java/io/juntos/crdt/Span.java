package io.juntos.crdt;

import java.util.Map;

/**
 * A maximal stretch of text with the same formatting. {@code marks} maps a mark key
 * ({@link MarkType#key()}) to {@code Boolean.TRUE} or, for links, the URL.
 */
public record Span(String text, Map<String, Object> marks) {
    public Span {
        marks = Map.copyOf(marks);
    }
}
