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
    /** The remote update being applied, or null (local edits and committed state). */
    private Transaction txn;
    /** Splits made while placing the current remote run (see {@link #rejoinUnusedSplits()}). */
    private final List<PlacementSplit> placementSplits = new ArrayList<>();

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
            if (txn != null) {
                txn.onRollback(() -> states.remove(replica));
            }
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
        if (txn != null) {
            txn.hold(() -> deliver(e));
        } else {
            deliver(e);
        }
    }

    private void deliver(ChangeEvent e) {
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

    /** Starts recording a remote update's changes (see {@link Transaction}). */
    void begin() {
        txn = new Transaction(lamport);
    }

    /** Takes back everything since {@link #begin()}; held events and op effects are dropped. */
    void rollback() {
        Transaction t = txn;
        txn = null;
        t.rollback();
        lamport = t.lamport;
    }

    /** Keeps the update's changes and releases its held events and op effects, in order. */
    void commit() {
        Transaction t = txn;
        txn = null;
        t.runEffects();
    }

    /** Splits a run during placement; a rolled-back update joins the pieces again. */
    Run split(Run r, int offset) {
        Run tail = tree.split(r, offset);
        PlacementSplit split = new PlacementSplit(r, tail, new boolean[]{true});
        placementSplits.add(split);
        if (txn != null) {
            txn.onRollback(() -> {
                if (split.live()[0]) {
                    tree.absorbNext(r, tail);
                }
            });
        }
        return tail;
    }

    /** A split made to place a run; {@code live[0]} turns false when it is joined again. */
    private record PlacementSplit(Run head, Run tail, boolean[] live) {
    }

    /**
     * Joins the splits the placement did not need (the new run went elsewhere), newest
     * first, so run boundaries depend only on the document, not on the order operations
     * arrived in: a replica that saw the same edits holds the same runs. A joined split is
     * as if never made, so its rollback entry is disabled instead of undone.
     */
    private void rejoinUnusedSplits() {
        for (int i = placementSplits.size() - 1; i >= 0; i--) {
            PlacementSplit s = placementSplits.get(i);
            if (!cutAgain(s.tail(), i) && tree.next(s.head()) == s.tail() && tree.absorbNext(s.head(), s.tail())) {
                s.live()[0] = false;
            }
        }
        placementSplits.clear();
    }

    private boolean cutAgain(Run piece, int after) {
        for (int j = after + 1; j < placementSplits.size(); j++) {
            PlacementSplit later = placementSplits.get(j);
            if (later.head() == piece && later.live()[0]) {
                return true;
            }
        }
        return false;
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
                remoteEffect(m);
            }
            case RegisterOp g -> {
                integrateOther(g);
                remoteEffect(g);
            }
        }
    }

    private void remoteEffect(Op op) {
        if (txn != null) {
            txn.hold(() -> opSink.accept(op, false));
        } else {
            opSink.accept(op, false);
        }
    }

    private void integrateOther(Op op) {
        ReplicaState st = state(op.replica());
        recordIndexChange(st);
        st.append(op.counter(), op);
        st.next = op.counter() + 1;
        int opLamport = op instanceof MarkOp m ? m.lamport() : ((RegisterOp) op).lamport();
        lamport = Math.max(lamport, opLamport);
    }

    /** Lets a rollback restore {@code st}'s next counter and id index. */
    private void recordIndexChange(ReplicaState st) {
        if (txn != null) {
            int next = st.next;
            int blocks = st.blockCount();
            txn.onRollback(() -> {
                st.next = next;
                st.truncate(blocks);
            });
        }
    }

    /**
     * Places a remote run. A run that continues the previous piece of its author (left
     * origin its own previous character, same right origin: what the author's typing
     * produced as one run) is stored as the author stores it: merged into that piece when
     * Fugue puts it right after it and both are alike in deletion, else linked to it as
     * the next piece of the same insertion. Either way the characters keep exactly the
     * origins they were sent with (a run's inner characters have their predecessor as
     * left origin and share its right origin), so the merge is invisible to ordering, and
     * a replica fed one update per keystroke ends with the author's runs and snapshot.
     */
    private void integrateRun(Op.RunOp op) {
        placementSplits.clear();
        Run dest = fugue.place(op);
        ReplicaState st = state(op.replica());
        recordIndexChange(st);
        boolean deleted = op.content() == null;
        if (!deleted) {
            st.chars.put(op.counter(), op.content(), 0, op.length());
        }
        Run prev = continued(op);
        Run run;
        if (prev != null && !prev.deleted && !deleted && tree.next(prev) == dest
                || prev != null && prev.deleted && deleted && tree.next(prev) == dest) {
            tree.extend(prev, op.length());
            if (txn != null) {
                txn.onRollback(() -> tree.extend(prev, -op.length()));
            }
            run = prev;
        } else {
            run = new Run(op.replica(), op.counter(), op.length(), op.leftRep(), op.leftCtr(), op.rightRep(), op.rightCtr());
            run.deleted = deleted;
            tree.insertBefore(dest, run);
            if (prev != null) {
                prev.idNext = run;
            } else {
                st.append(op.counter(), run);
            }
            if (txn != null) {
                txn.onRollback(() -> {
                    if (prev != null) {
                        prev.idNext = null;
                    }
                    tree.remove(run);
                });
            }
        }
        st.next = op.counter() + op.length();
        rejoinUnusedSplits();
        if (!listeners.isEmpty() && !deleted) {
            emit(new ChangeEvent.Inserted(tree.visiblePosition(run) + (op.counter() - run.counter), op.content(), false));
        }
    }

    /** The last piece of the author's previous run when {@code op} continues it, else null. */
    private Run continued(Op.RunOp op) {
        if (op.leftRep() != op.replica() || op.leftCtr() != op.counter() - 1) {
            return null;
        }
        Run prev = findRun(op.replica(), op.leftCtr());
        boolean sameRight = prev.rightRep == op.rightRep() && (op.rightRep() == Run.NONE || prev.rightCtr == op.rightCtr());
        return sameRight && prev.end() == op.counter() && prev.idNext == null ? prev : null;
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
