package io.juntos.crdt;

/** Move-to-front list of the last explicit right origins (tombstones of a session share one). */
final class RecentIds {
    static final int SIZE = 8;
    private final int[] reps = new int[SIZE];
    private final int[] ctrs = new int[SIZE];
    private int size;

    int size() {
        return size;
    }

    int rep(int i) {
        return reps[i];
    }

    int ctr(int i) {
        return ctrs[i];
    }

    int indexOf(int rep, int ctr) {
        for (int i = 0; i < size; i++) {
            if (reps[i] == rep && ctrs[i] == ctr) {
                return i;
            }
        }
        return -1;
    }

    /** Moves the id found at {@code index} (or a new one when -1) to the front. */
    void use(int rep, int ctr, int index) {
        int from = index >= 0 ? index : Math.min(size, SIZE - 1);
        System.arraycopy(reps, 0, reps, 1, from);
        System.arraycopy(ctrs, 0, ctrs, 1, from);
        reps[0] = rep;
        ctrs[0] = ctr;
        if (index < 0 && size < SIZE) {
            size++;
        }
    }
}
