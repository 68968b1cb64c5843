package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Holds operations whose causal dependencies have not arrived, applies everything that
 * becomes ready, ignores duplicates, and bounds what waits. Per replica the waiting
 * operations are keyed by counter, since a replica's own operations apply in counter order.
 */
final class CausalBuffer {
    private final int limit;
    private final Map<Integer, TreeMap<Integer, Op>> waiting = new HashMap<>();
    /**
     * Deletions whose targets have not arrived. A set: every update carries the sender's
     * whole delete set, so the same waiting range arrives again and again.
     */
    private final Set<DeleteRange> pendingDeletes = new LinkedHashSet<>();
    private int waitingOps;
    /** The queued operation being judged when a drain fails (see {@link #apply}). */
    private Op failing;

    CausalBuffer(int limit) {
        this.limit = limit;
    }

    int size() {
        return waitingOps + pendingDeletes.size();
    }

    /**
     * Applies {@code update} all-or-nothing: checked before anything is touched, then its
     * causally ready operations are integrated inside a {@link Transaction} that is rolled
     * back, buffer included, if any of them is rejected or the buffer would overflow.
     * Deletions go last: once the operations are in, they cannot fail.
     */
    void apply(Sequence seq, Update update) {
        UpdateValidator.check(seq, update);
        List<Op> added = new ArrayList<>();
        for (Op op : update.ops()) {
            if (op.counter() + op.length() > seq.next(op.replica())
                    && waiting.computeIfAbsent(op.replica(), k -> new TreeMap<>()).putIfAbsent(op.counter(), op) == null) {
                added.add(op);
                waitingOps++;
            }
        }
        List<Op> taken = new ArrayList<>();
        failing = null;
        seq.begin();
        try {
            drain(seq, taken);
            failing = null;
            checkCapacity(seq, update);
        } catch (RuntimeException e) {
            seq.rollback();
            restore(taken);
            discard(added);
            Op culprit = failing;
            failing = null;
            if (e instanceof MalformedUpdateException && culprit != null && !added.contains(culprit)) {
                // An operation buffered by an earlier update turned out invalid once its
                // dependencies arrived: drop it (its author's genuine one may still come) and retry.
                discard(List.of(culprit));
                apply(seq, update);
                return;
            }
            throw e instanceof CrdtException c ? c : new MalformedUpdateException("rejected update: " + e, -1);
        }
        seq.commit();
        retryDeletes(seq);
        for (DeleteRange d : update.deletes()) {
            DeleteRange rest = seq.applyDelete(d);
            if (rest != null) {
                pendingDeletes.add(rest);
            }
        }
    }

    /** Throws if what would wait after this update (operations and unmet deletions) exceeds the limit. */
    private void checkCapacity(Sequence seq, Update update) {
        if (waitingOps > limit) {
            throw new CausalBufferOverflowException(waitingOps + pendingDeletes.size(), limit);
        }
        Set<DeleteRange> pending = new HashSet<>();
        for (DeleteRange d : pendingDeletes) {
            addRest(seq, d, pending);
        }
        for (DeleteRange d : update.deletes()) {
            addRest(seq, d, pending);
        }
        if (waitingOps + pending.size() > limit) {
            throw new CausalBufferOverflowException(waitingOps + pending.size(), limit);
        }
    }

    /** The part of {@code d} whose characters have not arrived, as {@link Sequence#applyDelete} leaves it. */
    private static void addRest(Sequence seq, DeleteRange d, Set<DeleteRange> out) {
        int end = d.start() + d.length();
        int from = Math.max(d.start(), seq.next(d.replica()));
        if (from < end) {
            out.add(new DeleteRange(d.replica(), from, end - from));
        }
    }

    private void drain(Sequence seq, List<Op> taken) {
        boolean progress = true;
        while (progress && waitingOps > 0) {
            progress = false;
            for (Iterator<TreeMap<Integer, Op>> it = waiting.values().iterator(); it.hasNext(); ) {
                TreeMap<Integer, Op> queue = it.next();
                progress |= drainQueue(seq, queue, taken);
                if (queue.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    private boolean drainQueue(Sequence seq, TreeMap<Integer, Op> queue, List<Op> taken) {
        boolean progress = false;
        while (!queue.isEmpty()) {
            Op op = queue.firstEntry().getValue();
            int next = seq.next(op.replica());
            if (op.counter() + op.length() <= next) {
                taken.add(queue.pollFirstEntry().getValue());
                waitingOps--;
                continue;
            }
            if (op.counter() > next) {
                return progress;
            }
            failing = op;
            Op ready = op.counter() < next ? ((Op.RunOp) op).dropFirst(next - op.counter()) : op;
            if (!seq.ready(ready)) {
                return progress;
            }
            taken.add(queue.pollFirstEntry().getValue());
            waitingOps--;
            seq.integrate(ready);
            progress = true;
        }
        return progress;
    }

    /** Puts back what a rolled-back drain took from the queues. */
    private void restore(List<Op> taken) {
        for (Op op : taken) {
            if (waiting.computeIfAbsent(op.replica(), k -> new TreeMap<>()).putIfAbsent(op.counter(), op) == null) {
                waitingOps++;
            }
        }
    }

    /** Re-applies buffered deletes whose targets may have arrived with this update's operations. */
    private void retryDeletes(Sequence seq) {
        List<DeleteRange> retry = new ArrayList<>();
        for (DeleteRange d : pendingDeletes) {
            if (seq.next(d.replica()) > d.start()) {
                retry.add(d);
            }
        }
        for (DeleteRange d : retry) {
            pendingDeletes.remove(d);
            DeleteRange rest = seq.applyDelete(d);
            if (rest != null) {
                pendingDeletes.add(rest);
            }
        }
    }

    private void discard(List<Op> added) {
        for (Op op : added) {
            TreeMap<Integer, Op> queue = waiting.get(op.replica());
            if (queue != null && queue.get(op.counter()) == op) {
                queue.remove(op.counter());
                waitingOps--;
                if (queue.isEmpty()) {
                    waiting.remove(op.replica());
                }
            }
        }
    }
}
