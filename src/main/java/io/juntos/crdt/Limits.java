package io.juntos.crdt;

/**
 * Limits of one document replica, declared in one place and validated on construction.
 *
 * @param maxBufferedOps operations (runs, marks, delete ranges) allowed to wait for missing
 *                       causal dependencies before {@link CausalBufferOverflowException}
 */
public record Limits(int maxBufferedOps) {
    public static final int DEFAULT_MAX_BUFFERED_OPS = 10_000;

    public Limits {
        if (maxBufferedOps < 0) {
            throw new IllegalArgumentException("maxBufferedOps must be >= 0, was " + maxBufferedOps);
        }
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_BUFFERED_OPS);
    }
}
