package io.juntos.playback;

/** What a room does when a member buffers or falls behind (chosen by the host). */
public enum WaitPolicy {
    /** Everyone waits for the buffering member, up to the timeout, then plays on without it. */
    WAIT,
    /** The room plays on; the late member is brought back by a seek once it can play. */
    CONTINUE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static WaitPolicy parse(String s) {
        return switch (s) {
            case "wait" -> WAIT;
            case "continue" -> CONTINUE;
            default -> throw new IllegalArgumentException(s);
        };
    }
}
