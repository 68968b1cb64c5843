package io.juntos.crdt;

import java.util.ArrayList;
import java.util.List;

/**
 * One remote update being applied: how to take back each change made so far, should a
 * later operation of the update be rejected, and the effects held until it commits
 * (change events, interpretation of marks and registers), so observers never see an
 * update that is then taken back. Applying is all-or-nothing this way: rejecting an
 * operation that can only be judged once the operations before it are placed (an origin
 * order that contradicts the document) costs no copy of the document.
 */
final class Transaction {
    private final List<Runnable> undo = new ArrayList<>();
    private final List<Runnable> effects = new ArrayList<>();
    /** The document's Lamport clock when the update started. */
    final int lamport;

    Transaction(int lamport) {
        this.lamport = lamport;
    }

    void onRollback(Runnable action) {
        undo.add(action);
    }

    void hold(Runnable effect) {
        effects.add(effect);
    }

    /** Undoes every recorded change, newest first (each undo expects the state its change left). */
    void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
    }

    void runEffects() {
        effects.forEach(Runnable::run);
    }
}
