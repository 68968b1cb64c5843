package io.juntos.crdt;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks a decoded update against the document before anything is applied: what can be
 * judged from the operations alone and the ids already known. A reference may name an id
 * that has not arrived (the operation then waits in the causal buffer), but never one its
 * author cannot have seen (its own id or a later one of its own replica, which would wait
 * forever and hold back every later operation of that replica), nor a mark or register
 * where a character is required, nor one character as both origins. What needs the
 * operations placed first (origins in the wrong order) is caught during integration and
 * rolled back (see {@link Transaction}).
 */
final class UpdateValidator {
    private UpdateValidator() {
    }

    static void check(Sequence seq, Update update) {
        Map<Long, Op> others = new HashMap<>();
        for (Op op : update.ops()) {
            if (!(op instanceof Op.RunOp)) {
                others.put(key(op.replica(), op.counter()), op);
            }
        }
        for (Op op : update.ops()) {
            if (op.counter() + op.length() <= seq.next(op.replica())) {
                continue; // a duplicate: ignored whatever it says
            }
            switch (op) {
                case Op.RunOp r -> {
                    character(seq, others, r, r.leftRep(), r.leftCtr());
                    character(seq, others, r, r.rightRep(), r.rightCtr());
                    if (r.rightRep() != Run.NONE && r.rightRep() == r.leftRep() && r.rightCtr() == r.leftCtr()) {
                        throw reject(r, "has one character as both origins");
                    }
                }
                case MarkOp m -> {
                    character(seq, others, m, m.startRep(), m.startCtr());
                    character(seq, others, m, m.endRep(), m.endCtr());
                }
                case RegisterOp g -> character(seq, others, g, g.posRep(), g.posCtr());
            }
        }
    }

    private static void character(Sequence seq, Map<Long, Op> others, Op op, int rep, int ctr) {
        if (rep == Run.NONE) {
            return;
        }
        if (rep == op.replica() && ctr >= op.counter()) {
            throw reject(op, "references " + rep + ":" + ctr + ", an id its author had not made yet");
        }
        boolean notCharacter = others.containsKey(key(rep, ctr));
        if (!notCharacter && ctr < seq.next(rep)) {
            ReplicaState st = seq.states.get(rep);
            notCharacter = !(st.block(ctr) instanceof Run);
        }
        if (notCharacter) {
            throw reject(op, "references " + rep + ":" + ctr + " as a character but it is not one");
        }
    }

    private static MalformedUpdateException reject(Op op, String why) {
        return new MalformedUpdateException("operation " + op.replica() + ":" + op.counter() + " " + why, -1);
    }

    private static long key(int rep, int ctr) {
        return ((long) rep << 32) | (ctr & 0xFFFFFFFFL);
    }
}
