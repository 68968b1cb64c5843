package io.juntos.playback;

/** A playback action that cannot apply; {@code field} and {@code code} become a 422 or an error frame. */
public final class PlaybackException extends RuntimeException {
    private final String field;
    private final String code;

    public PlaybackException(String field, String code, String message) {
        super(message);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
