package io.juntos.crdt;

/**
 * Formatting marks and how they grow (Peritext §3.3): text typed at the end of a bold
 * span is bold, text typed at the end of a link is not. No mark grows at its start.
 */
public enum MarkType {
    BOLD("bold", true),
    ITALIC("italic", true),
    STRIKETHROUGH("strikethrough", true),
    CODE("code", true),
    LINK("link", false);

    private final String key;
    private final boolean expandsAtEnd;

    MarkType(String key, boolean expandsAtEnd) {
        this.key = key;
        this.expandsAtEnd = expandsAtEnd;
    }

    /** Name used in spans ({@code marks.bold}, {@code marks.link}). */
    public String key() {
        return key;
    }

    public boolean expandsAtEnd() {
        return expandsAtEnd;
    }

    /** Whether the mark carries a value (a URL) rather than being on or off. */
    public boolean hasValue() {
        return this == LINK;
    }

    static MarkType fromCode(int code, ByteReader in) {
        MarkType[] all = values();
        if (code < 0 || code >= all.length) {
            throw in.fail("unknown mark type " + code);
        }
        return all[code];
    }
}
