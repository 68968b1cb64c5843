package io.juntos.crdt;

/**
 * Last-writer-wins register of a list element (Kleppmann, "Moving elements in list
 * CRDTs"): element {@code element} now lives at the position character
 * {@code (posRep, posCtr)}, or is removed when {@code posRep == Run.NONE}.
 */
record RegisterOp(int replica, int counter, int lamport, String element, int posRep, int posCtr) implements Op {
    @Override
    public int length() {
        return 1;
    }

    boolean wins(RegisterOp other) {
        return other == null || lamport > other.lamport || (lamport == other.lamport && replica > other.replica);
    }
}
