package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
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

    CausalBuffer(int limit) {
        this.limit = limit;
    }

    int size() {
        return waitingOps + pendingDeletes.size();
    }

    void apply(Sequence seq, Update update) {
        List<Op> added = new ArrayList<>();
        for (Op op : update.ops()) {
            if (op.counter() + op.length() > seq.next(op.replica())
                    && waiting.computeIfAbsent(op.replica(), k -> new TreeMap<>()).putIfAbsent(op.counter(), op) == null) {
                added.add(op);
                waitingOps++;
            }
        }
        try {
            drain(seq);
        } catch (MalformedUpdateException e) {
            discard(added);
            throw e;
        }
        retryDeletes(seq);
        List<DeleteRange> addedDeletes = new ArrayList<>();
        for (DeleteRange d : update.deletes()) {
            DeleteRange rest = seq.applyDelete(d);
            if (rest != null && pendingDeletes.add(rest)) {
                addedDeletes.add(rest);
            }
        }
        if (size() > limit) {
            int over = size();
            discard(added);
            addedDeletes.forEach(pendingDeletes::remove);
            throw new CausalBufferOverflowException(over, limit);
        }
    }

    private void drain(Sequence seq) {
        boolean progress = true;
        while (progress && waitingOps > 0) {
            progress = false;
            for (Iterator<TreeMap<Integer, Op>> it = waiting.values().iterator(); it.hasNext(); ) {
                TreeMap<Integer, Op> queue = it.next();
                progress |= drainQueue(seq, queue);
                if (queue.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    private boolean drainQueue(Sequence seq, TreeMap<Integer, Op> queue) {
        boolean progress = false;
        while (!queue.isEmpty()) {
            Op op = queue.firstEntry().getValue();
            int next = seq.next(op.replica());
            if (op.counter() + op.length() <= next) {
                queue.pollFirstEntry();
                waitingOps--;
                continue;
            }
            if (op.counter() > next) {
                return progress;
            }
            Op ready = op.counter() < next ? ((Op.RunOp) op).dropFirst(next - op.counter()) : op;
            if (!seq.ready(ready)) {
                return progress;
            }
            queue.pollFirstEntry();
            waitingOps--;
            seq.integrate(ready);
            progress = true;
        }
        return progress;
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
