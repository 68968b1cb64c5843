package io.juntos.crdt;

/**
 * A formatting operation (Peritext §3): mark {@code type} with {@code value} (null removes
 * it) over the characters between two anchors. An anchor is a character id plus a side;
 * {@code startRep == Run.NONE} anchors at the document start, {@code endRep == Run.NONE} at
 * the document end. Concurrent marks of one type resolve per character by
 * {@code (lamport, replica)}, the larger wins.
 */
record MarkOp(int replica, int counter, int lamport, MarkType type, String value,
              int startRep, int startCtr, boolean startAfter,
              int endRep, int endCtr, boolean endAfter) implements Op {
    @Override
    public int length() {
        return 1;
    }

    boolean wins(MarkOp other) {
        return other == null || lamport > other.lamport || (lamport == other.lamport && replica > other.replica);
    }
}
