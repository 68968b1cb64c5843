package io.juntos.crdt;

/**
 * A run of characters with consecutive ids {@code (replica, counter .. counter+len-1)},
 * typed left to right, all deleted or all visible. Character {@code k > 0} of a run has
 * its predecessor as left origin and shares the run's right origin, so a run stands for
 * {@code len} Fugue items without an object per character. Runs split on demand.
 */
final class Run {
    static final int NONE = -1;

    final int replica;
    final int counter;
    int len;
    boolean deleted;
    /** Left origin of the first character; {@code leftRep == NONE} means the document start. */
    final int leftRep;
    final int leftCtr;
    /** Right origin of every character; {@code rightRep == NONE} means the document end. */
    final int rightRep;
    final int rightCtr;
    RunTree.Leaf leaf;
    /** Next piece of the same originally inserted run, in counter order (see {@link ReplicaState}). */
    Run idNext;

    Run(int replica, int counter, int len, int leftRep, int leftCtr, int rightRep, int rightCtr) {
        this.replica = replica;
        this.counter = counter;
        this.len = len;
        this.leftRep = leftRep;
        this.leftCtr = leftCtr;
        this.rightRep = rightRep;
        this.rightCtr = rightCtr;
    }

    int visible() {
        return deleted ? 0 : len;
    }

    int end() {
        return counter + len;
    }

    boolean contains(int rep, int ctr) {
        return rep == replica && ctr >= counter && ctr < counter + len;
    }

    boolean startsWith(int rep, int ctr) {
        return rep == replica && ctr == counter;
    }

    @Override
    public String toString() {
        return "Run[" + replica + ":" + counter + "+" + len + (deleted ? " del" : "") + "]";
    }
}
