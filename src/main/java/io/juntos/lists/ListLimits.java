package io.juntos.lists;

/**
 * What one list may hold (docs/crdt.md, "Lists"): characters are UTF-16 units, as the CRDT and
 * its JavaScript twin count them, so client and server agree on where the limit lies.
 */
public record ListLimits(int titleChars, int notesChars, int items) {
    public ListLimits {
        if (titleChars < 1 || notesChars < 1 || items < 1) throw new IllegalArgumentException("list limits must be positive");
    }

    public static ListLimits defaults() {
        return new ListLimits(500, 16_000, 1_000);
    }
}
