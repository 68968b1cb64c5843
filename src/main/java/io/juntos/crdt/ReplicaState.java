package io.juntos.crdt;

import java.util.Arrays;

/**
 * What this document knows of one replica's counter space: the next expected counter
 * (its entry in the version vector), the text it typed, and an id index. The index holds
 * one block per operation in counter order (appended, since a replica's operations
 * arrive in counter order); a run block leads a chain of the pieces it was split into.
 */
final class ReplicaState {
    final int replica;
    int next;
    final CharStore chars = new CharStore();
    private int[] starts = new int[8];
    private Object[] blocks = new Object[8];
    private int size;

    ReplicaState(int replica) {
        this.replica = replica;
    }

    void ensureCapacity(int extra) {
        if (size + extra > starts.length) {
            starts = Arrays.copyOf(starts, size + extra);
            blocks = Arrays.copyOf(blocks, size + extra);
        }
    }

    void append(int counter, Object block) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            blocks = Arrays.copyOf(blocks, size * 2);
        }
        starts[size] = counter;
        blocks[size++] = block;
    }

    /** Block (a {@link Run} chain head, {@link MarkOp} or {@link RegisterOp}) holding {@code counter}, or null. */
    Object block(int counter) {
        if (counter < 0 || counter >= next) {
            return null;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= counter) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return size == 0 ? null : blocks[lo];
    }

    /** The run piece holding {@code counter}, or null when it is unknown or not a character. */
    Run run(int counter) {
        if (!(block(counter) instanceof Run r)) {
            return null;
        }
        while (counter >= r.end()) {
            r = r.idNext;
        }
        return r;
    }

    int blockCount() {
        return size;
    }

    Object blockAt(int i) {
        return blocks[i];
    }

    int blockStart(int i) {
        return starts[i];
    }

    /** Index of the block holding {@code counter} (callers ensure it is known). */
    int blockIndex(int counter) {
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= counter) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
