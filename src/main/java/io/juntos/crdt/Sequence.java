package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The replicated sequence shared by {@link TextDoc} and {@link ListDoc}: Fugue integration
 * over RLE runs, tombstone deletion, the id index and the causal buffer. Not thread-safe;
 * one document is driven by one thread (or under one lock) at a time.
 */
final class Sequence {
    final int localReplica;
    final RunTree tree = new RunTree();
    final Map<Integer, ReplicaState> states = new HashMap<>();
    final ReplicaState local;
    private final CausalBuffer buffer;
    private final FugueIntegrator fugue = new FugueIntegrator(this);
    private final List<ChangeListener> listeners = new ArrayList<>();
    /** Receives marks and register ops (local and remote) for the facade to interpret. */
    private final BiConsumer<Op, Boolean> opSink;
    int lamport;
    /** Ranges deleted by local edits since {@link #beginLocal()}; feeds incremental updates. */
    private final List<DeleteRange> localDeletes = new ArrayList<>();
    private int localStart;

    Sequence(int localReplica, Limits limits, BiConsumer<Op, Boolean> opSink) {
        if (localReplica < 0) {
            throw new IllegalArgumentException("replica id must be non-negative, was " + localReplica);
        }
        this.localReplica = localReplica;
        this.buffer = new CausalBuffer(limits.maxBufferedOps());
        this.opSink = opSink;
        this.local = state(localReplica);
    }

    ReplicaState state(int replica) {
        ReplicaState st = states.get(replica);
        if (st == null) {
            st = new ReplicaState(replica);
            states.put(replica, st);
        }
        return st;
    }

    int next(int replica) {
        ReplicaState st = states.get(replica);
        return st == null ? 0 : st.next;
    }

    VersionVector version() {
        Map<Integer, Integer> m = new HashMap<>();
        states.forEach((rep, st) -> m.put(rep, st.next));
        return VersionVector.of(m);
    }

    /** Nothing integrated or buffered yet: a snapshot may be bulk-loaded. */
    boolean isPristine() {
        return tree.isEmpty() && buffer.size() == 0 && states.values().stream().allMatch(st -> st.next == 0);
    }

    int bufferedOps() {
        return buffer.size();
    }

    void addListener(ChangeListener l) {
        listeners.add(l);
    }

    void removeListener(ChangeListener l) {
        listeners.remove(l);
    }

    private void emit(ChangeEvent e) {
        for (ChangeListener l : List.copyOf(listeners)) {
            l.onChange(e);
        }
    }

    /** The run piece holding id {@code (rep, ctr)}, or null if unknown or not a character. */
    Run findRun(int rep, int ctr) {
        ReplicaState st = states.get(rep);
        return st == null ? null : st.run(ctr);
    }

    String text() {
        StringBuilder sb = new StringBuilder(tree.visibleLength());
        for (RunTree.Leaf leaf = tree.firstLeaf(); leaf != null; leaf = leaf.next) {
            for (int i = 0; i < leaf.size; i++) {
                Run r = leaf.runs[i];
                if (!r.deleted) {
                    states.get(r.replica).chars.appendTo(sb, r.counter, r.len);
                }
            }
        }
        return sb.toString();
    }

    // ---- local edits -------------------------------------------------------------------

    /** Inserts at visible {@code index}; returns the run holding the new text's first character. */
    Run localInsert(int index, CharSequence text) {
        int n = text.length();
        Run left = null;
        if (index > 0) {
            left = tree.runAtVisible(index - 1);
            int off = tree.foundOffset;
            if (off < left.len - 1) {
                tree.split(left, off + 1);
            }
        }
        Run right = left == null ? tree.first() : tree.next(left);
        int counter = local.next;
        local.chars.put(counter, text.toString(), 0, n);
        local.next += n;
        Run run;
        if (left != null && canExtend(left, right, counter)) {
            // Fast path for sequential typing: the new characters are exactly what the
            // run's own continuation would be (same replica, next counters, same right origin).
            tree.extend(left, n);
            run = left;
        } else {
            run = new Run(localReplica, counter, n,
                    left == null ? Run.NONE : left.replica, left == null ? 0 : left.end() - 1,
                    right == null ? Run.NONE : right.replica, right == null ? 0 : right.counter);
            tree.insertAfter(left, run);
            local.append(counter, run);
        }
        if (!listeners.isEmpty()) {
            emit(new ChangeEvent.Inserted(index, text.toString(), true));
        }
        return run;
    }

    private boolean canExtend(Run left, Run right, int counter) {
        if (left.replica != localReplica || left.end() != counter || left.deleted) {
            return false;
        }
        return right == null ? left.rightRep == Run.NONE : right.startsWith(left.rightRep, left.rightCtr);
    }

    void localDelete(int index, int length) {
        int remaining = length;
        while (remaining > 0) {
            Run r = tree.runAtVisible(index);
            int off = tree.foundOffset;
            if (off > 0) {
                r = tree.split(r, off);
            }
            if (r.len > remaining) {
                tree.split(r, remaining);
            }
            tree.markDeleted(r);
            localDeletes.add(new DeleteRange(r.replica, r.counter, r.len));
            remaining -= r.len;
            coalesce(r);
        }
        if (!listeners.isEmpty()) {
            emit(new ChangeEvent.Deleted(index, length, true));
        }
    }

    void beginLocal() {
        localDeletes.clear();
        localStart = local.next;
    }

    /** The update holding just the local edits since {@link #beginLocal()}. */
    byte[] localUpdate() {
        Map<Integer, List<int[]>> deletes = new HashMap<>();
        for (DeleteRange d : localDeletes) {
            deletes.computeIfAbsent(d.replica(), k -> new ArrayList<>()).add(new int[]{d.start(), d.length()});
        }
        deletes.values().forEach(l -> l.sort((a, b) -> Integer.compare(a[0], b[0])));
        return UpdateCodec.encodeLocal(this, localStart, deletes);
    }

    /** Merges a freshly deleted run with neighbouring tombstone pieces of the same insertion; returns the survivor. */
    private Run coalesce(Run r) {
        Run prev = tree.prev(r);
        if (prev != null && tree.absorbNext(prev, r)) {
            r = prev;
        }
        tree.absorbNext(r, tree.next(r));
        return r;
    }

    /** Gives a locally created mark or register op its id and records it. */
    void localOp(Op op) {
        integrateOther(op);
        opSink.accept(op, true);
    }

    // ---- remote updates ----------------------------------------------------------------

    void apply(Update update) {
        buffer.apply(this, update);
    }

    /** Whether {@code op} (starting exactly at the next expected counter) has all its dependencies. */
    boolean ready(Op op) {
        return switch (op) {
            case Op.RunOp r -> known(r.leftRep(), r.leftCtr()) && known(r.rightRep(), r.rightCtr());
            case MarkOp m -> known(m.startRep(), m.startCtr()) && known(m.endRep(), m.endCtr());
            case RegisterOp g -> known(g.posRep(), g.posCtr());
        };
    }

    /** Whether an origin or anchor is present; an id that names a non-character is malformed. */
    private boolean known(int rep, int ctr) {
        if (rep == Run.NONE) {
            return true;
        }
        ReplicaState st = states.get(rep);
        if (st == null || ctr >= st.next) {
            return false;
        }
        if (!(st.block(ctr) instanceof Run)) {
            throw new MalformedUpdateException("id " + rep + ":" + ctr + " is referenced as a character but is not one", -1);
        }
        return true;
    }

    void integrate(Op op) {
        switch (op) {
            case Op.RunOp r -> integrateRun(r);
            case MarkOp m -> {
                integrateOther(m);
                opSink.accept(m, false);
            }
            case RegisterOp g -> {
                integrateOther(g);
                opSink.accept(g, false);
            }
        }
    }

    private void integrateOther(Op op) {
        ReplicaState st = state(op.replica());
        st.append(op.counter(), op);
        st.next = op.counter() + 1;
        int opLamport = op instanceof MarkOp m ? m.lamport() : ((RegisterOp) op).lamport();
        lamport = Math.max(lamport, opLamport);
    }

    private void integrateRun(Op.RunOp op) {
        Run dest = fugue.place(op);
        Run run = new Run(op.replica(), op.counter(), op.length(), op.leftRep(), op.leftCtr(), op.rightRep(), op.rightCtr());
        run.deleted = op.content() == null;
        ReplicaState st = state(op.replica());
        if (op.content() != null) {
            st.chars.put(op.counter(), op.content(), 0, op.length());
        }
        tree.insertBefore(dest, run);
        st.append(op.counter(), run);
        st.next = op.counter() + op.length();
        if (!listeners.isEmpty() && !run.deleted) {
            emit(new ChangeEvent.Inserted(tree.visiblePosition(run), op.content(), false));
        }
    }

    /**
     * Deletes the known part of {@code range}; returns the part whose characters have not
     * arrived yet (null when none) so the caller can buffer it.
     */
    DeleteRange applyDelete(DeleteRange range) {
        int end = range.start() + range.length();
        int known = Math.min(next(range.replica()), end);
        ReplicaState st = states.get(range.replica());
        int c = range.start();
        while (c < known) {
            Run r = st.run(c);
            if (r == null) {
                c++;
                continue;
            }
            if (r.counter < c) {
                r = tree.split(r, c - r.counter);
            }
            if (r.end() > known) {
                tree.split(r, known - r.counter);
            }
            if (!r.deleted) {
                int at = listeners.isEmpty() ? 0 : tree.visiblePosition(r);
                tree.markDeleted(r);
                if (!listeners.isEmpty()) {
                    emit(new ChangeEvent.Deleted(at, r.len, false));
                }
            }
            c = r.end();
            st.remember(coalesce(r));
        }
        int from = Math.max(range.start(), known);
        return from >= end ? null : new DeleteRange(range.replica(), from, end - from);
    }

    void emitOther(ChangeEvent event) {
        if (!listeners.isEmpty()) {
            emit(event);
        }
    }
}
