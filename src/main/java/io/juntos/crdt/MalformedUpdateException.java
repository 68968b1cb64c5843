package io.juntos.crdt;

/**
 * The bytes handed to the decoder are not a valid update or snapshot: truncated,
 * corrupted, or internally inconsistent (e.g. an origin that names a mark as a
 * character). Bytes that do not decode change nothing. An operation rejected during
 * integration leaves the document as it was before that operation: the valid operations
 * of the update integrated before it stay (they are causally complete), the rest is
 * dropped, and every replica rejects the same operation.
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
