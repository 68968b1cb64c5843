package io.juntos.lists;

/**
 * An update the document would not take: nothing of it was applied. {@code tooLarge} tells a
 * broken limit (titles, notes, items) from malformed or rule-breaking content; {@code field}
 * and {@code code} name what was wrong, as the edge reports them.
 */
public final class Refused extends RuntimeException {
    private final boolean tooLarge;
    private final String field;
    private final String code;

    Refused(boolean tooLarge, String field, String code, String message) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
        this.field = field;
        this.code = code;
    }

    static Refused bad(String field, String code, String message) {
        return new Refused(false, field, code, message);
    }

    static Refused limit(String field, String code, String message) {
        return new Refused(true, field, code, message);
    }

    public boolean tooLarge() {
        return tooLarge;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
