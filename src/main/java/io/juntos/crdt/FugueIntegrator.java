package io.juntos.crdt;

/**
 * Where a remote run goes in the document. Fugue (Weidner &amp; Kleppmann, "The Art of the
 * Fugue", FugueMax order) in the left/right-origin formulation of Yjs' YATA with the
 * tie-break of reference-crdts' "yjsmod": scan right from the left origin over concurrent
 * siblings and stop at the first place the new run must precede. A run is scanned as one
 * item because its inner characters have their predecessor as left origin, which lies
 * right of ours.
 */
final class FugueIntegrator {
    private final Sequence seq;

    FugueIntegrator(Sequence seq) {
        this.seq = seq;
    }

    /** Splits runs so both origins are run boundaries; returns the run to insert before (null: the end). */
    Run place(Op.RunOp op) {
        RunTree tree = seq.tree;
        Run left = null;
        if (op.leftRep() != Run.NONE) {
            left = seq.findRun(op.leftRep(), op.leftCtr());
            if (op.leftCtr() != left.end() - 1) {
                seq.split(left, op.leftCtr() - left.counter + 1);
            }
        }
        Run right = null;
        if (op.rightRep() != Run.NONE) {
            if (op.rightRep() == op.leftRep() && op.rightCtr() == op.leftCtr()) {
                throw new MalformedUpdateException("run " + op.replica() + ":" + op.counter() + " has one character as both origins", -1);
            }
            right = seq.findRun(op.rightRep(), op.rightCtr());
            if (right.counter != op.rightCtr()) {
                right = seq.split(right, op.rightCtr() - right.counter);
                if (left != null) {
                    left = seq.findRun(op.leftRep(), op.leftCtr()); // the split may have cut the left run
                }
            }
        }
        return placeBefore(op, left, right);
    }

    /** The run the new run goes right before (null: the end of the document). */
    private Run placeBefore(Op.RunOp op, Run left, Run right) {
        Run o = left == null ? seq.tree.first() : seq.tree.next(left);
        if (o == right) {
            return o;
        }
        int leftPos = left == null ? -1 : seq.tree.position(left) + left.len - 1;
        int rightPos = right == null ? seq.tree.totalLength() : seq.tree.position(right);
        if (leftPos >= rightPos) {
            // Every replica orders existing characters alike, so all of them reject this op.
            throw new MalformedUpdateException("run " + op.replica() + ":" + op.counter() + " has its left origin after its right origin", -1);
        }
        Run dest = o;
        boolean scanning = false;
        while (true) {
            if (!scanning) {
                dest = o;
            }
            if (o == null || o == right) {
                return dest;
            }
            int oLeft = sameId(o.leftRep, o.leftCtr, op.leftRep(), op.leftCtr()) ? leftPos : idPosition(o.leftRep, o.leftCtr, -1);
            if (oLeft < leftPos) {
                return dest;
            }
            if (oLeft == leftPos) {
                int oRight = sameId(o.rightRep, o.rightCtr, op.rightRep(), op.rightCtr())
                        ? rightPos : idPosition(o.rightRep, o.rightCtr, seq.tree.totalLength());
                if (oRight < rightPos) {
                    scanning = true;
                } else if (oRight == rightPos) {
                    if (op.replica() < o.replica) {
                        return dest;
                    }
                    scanning = false;
                } else {
                    scanning = false;
                }
            }
            o = seq.tree.next(o);
        }
    }

    private static boolean sameId(int repA, int ctrA, int repB, int ctrB) {
        return repA == repB && (repA == Run.NONE || ctrA == ctrB);
    }

    private int idPosition(int rep, int ctr, int ifNone) {
        if (rep == Run.NONE) {
            return ifNone;
        }
        Run r = seq.findRun(rep, ctr);
        return seq.tree.position(r) + (ctr - r.counter);
    }

}
