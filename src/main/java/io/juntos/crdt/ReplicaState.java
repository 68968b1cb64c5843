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
    /** Last piece found: remote typing and range deletions look up neighbouring ids. */
    private Run hint;

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

    /** Drops the blocks from index {@code size} on (a rolled-back update's). */
    void truncate(int newSize) {
        while (size > newSize) {
            blocks[--size] = null;
        }
        hint = null;
    }

    /** Block (a {@link Run} chain head, {@link MarkOp} or {@link RegisterOp}) holding {@code counter}, or null. */
    Object block(int counter) {
        if (counter < 0 || counter >= next || size == 0) {
            return null;
        }
        return blocks[blockIndex(counter)];
    }

    /**
     * The run piece holding {@code counter}, or null when it is unknown or not a character.
     * Pieces of one insertion form a chain walked from the block head; the hint makes
     * sequential lookups O(1), a random lookup in a heavily split insertion stays linear
     * in its piece count.
     */
    Run run(int counter) {
        Run r = hint;
        if (r != null && r.len > 0 && r.counter <= counter) {
            for (int steps = 0; r != null && steps < 8; steps++, r = r.idNext) {
                if (counter < r.end()) {
                    hint = r;
                    return r;
                }
            }
        }
        if (!(block(counter) instanceof Run head)) {
            return null;
        }
        r = head;
        while (counter >= r.end()) {
            r = r.idNext;
        }
        hint = r;
        return r;
    }

    /** Points the lookup hint at a live piece (e.g. the survivor of a tombstone merge). */
    void remember(Run r) {
        hint = r;
    }

    int blockCount() {
        return size;
    }

    Object blockAt(int i) {
        return blocks[i];
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
