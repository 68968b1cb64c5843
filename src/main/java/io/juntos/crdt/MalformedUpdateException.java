package io.juntos.crdt;

/**
 * The bytes handed to the decoder are not a valid update or snapshot: truncated,
 * corrupted (checksum mismatch), or internally inconsistent (e.g. an origin that names a
 * mark as a character, origins in the wrong order). The document is left exactly as it
 * was: applying an update is all-or-nothing, and every replica rejects the same update.
 */
public class MalformedUpdateException extends CrdtException {
    private final int offset;

    public MalformedUpdateException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset in the input where decoding failed, or -1 when not tied to a byte. */
    public int offset() {
        return offset;
    }
}
