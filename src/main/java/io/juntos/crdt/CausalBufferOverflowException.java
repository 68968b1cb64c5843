package io.juntos.crdt;

/**
 * An update carries operations whose causal dependencies are missing, and buffering
 * them would exceed {@link Limits#maxBufferedOps()}. The operations that could not be
 * applied were dropped; everything applied before is causally complete.
 */
public final class CausalBufferOverflowException extends CrdtException {
    private final int buffered;
    private final int limit;

    public CausalBufferOverflowException(int buffered, int limit) {
        super("causal buffer would hold " + buffered + " operations, limit is " + limit);
        this.buffered = buffered;
        this.limit = limit;
    }

    public int buffered() {
        return buffered;
    }

    public int limit() {
        return limit;
    }
}
