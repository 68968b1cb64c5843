package io.juntos.crdt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a decoded snapshot into an empty replica without integrating operations one by
 * one: the runs are already in document order, so the tree is bulk-built and the id index
 * filled per replica. Everything is validated before the document is touched.
 */
final class SnapshotLoader {
    private SnapshotLoader() {
    }

    static void load(Sequence seq, SnapshotCodec.Snapshot s) {
        Map<Integer, long[]> ids = sortedIds(s);
        validate(s, ids);
        int n = s.n();
        Run[] runs = new Run[n];
        String text = s.text();
        int at = 0;
        ReplicaState st = null;
        for (int i = 0; i < n; i++) {
            Run run = new Run(s.rep()[i], s.ctr()[i], s.len()[i], s.leftRep()[i], s.leftCtr()[i], s.rightRep()[i], s.rightCtr()[i]);
            run.deleted = s.deleted()[i];
            if (!run.deleted) {
                if (st == null || st.replica != run.replica) {
                    st = seq.state(run.replica);
                }
                st.chars.put(run.counter, text, at, at + run.len);
                at += run.len;
            }
            runs[i] = run;
        }
        seq.tree.bulkLoad(Arrays.asList(runs));
        List<Op> others = s.others();
        ids.forEach((rep, keys) -> {
            ReplicaState state = seq.state(rep);
            state.ensureCapacity(keys.length);
            for (long key : keys) {
                int idx = (int) key;
                state.append((int) (key >>> 32), idx < n ? runs[idx] : others.get(idx - n));
            }
            state.next = s.version().getOrDefault(rep, 0);
        });
        for (Op op : others) {
            seq.lamport = Math.max(seq.lamport, op instanceof MarkOp m ? m.lamport() : ((RegisterOp) op).lamport());
        }
    }

    /** Per replica, {@code counter << 32 | index} of every struct, sorted; index n+k is others[k]. */
    private static Map<Integer, long[]> sortedIds(SnapshotCodec.Snapshot s) {
        int n = s.n();
        List<Op> others = s.others();
        int total = n + others.size();
        // Runs of one replica come in long stretches: remember the last bucket instead of
        // boxing every replica id into a map lookup.
        Map<Integer, int[]> counts = new HashMap<>();
        int lastRep = Run.NONE;
        int[] lastCount = null;
        for (int i = 0; i < total; i++) {
            int rep = i < n ? s.rep()[i] : others.get(i - n).replica();
            if (rep != lastRep) {
                lastCount = counts.computeIfAbsent(rep, k -> new int[2]);
                lastRep = rep;
            }
            lastCount[0]++;
        }
        Map<Integer, long[]> ids = new HashMap<>();
        counts.forEach((rep, c) -> ids.put(rep, new long[c[0]]));
        lastRep = Run.NONE;
        long[] keys = null;
        for (int i = 0; i < total; i++) {
            int rep = i < n ? s.rep()[i] : others.get(i - n).replica();
            int ctr = i < n ? s.ctr()[i] : others.get(i - n).counter();
            if (rep != lastRep) {
                lastCount = counts.get(rep);
                keys = ids.get(rep);
                lastRep = rep;
            }
            keys[lastCount[1]++] = (long) ctr << 32 | i;
        }
        ids.values().forEach(Arrays::sort);
        return ids;
    }

    private static void validate(SnapshotCodec.Snapshot s, Map<Integer, long[]> ids) {
        int n = s.n();
        for (Map.Entry<Integer, long[]> e : ids.entrySet()) {
            long expect = 0;
            for (long key : e.getValue()) {
                if (key >>> 32 != expect) {
                    throw new MalformedUpdateException("snapshot ids of replica " + e.getKey() + " do not tile at " + (key >>> 32), -1);
                }
                int idx = (int) key;
                expect += idx < n ? s.len()[idx] : 1;
            }
            if (expect != s.version().getOrDefault(e.getKey(), 0)) {
                throw new MalformedUpdateException("snapshot version of replica " + e.getKey() + " disagrees with its ids", -1);
            }
        }
        for (Map.Entry<Integer, Integer> v : s.version().entrySet()) {
            if (v.getValue() > 0 && !ids.containsKey(v.getKey())) {
                throw new MalformedUpdateException("snapshot version names replica " + v.getKey() + " without ids", -1);
            }
        }
        for (int i = 0; i < n; i++) {
            // Most origins are the neighbouring run's edge, which exists by construction.
            boolean leftIsPrev = i > 0 && s.leftRep()[i] == s.rep()[i - 1] && s.leftCtr()[i] == s.ctr()[i - 1] + s.len()[i - 1] - 1;
            // Fugue places a run between its origins: a cheap sanity check of the trusted order.
            if (!leftIsPrev && requireRun(s, ids, s.leftRep()[i], s.leftCtr()[i]) >= i) {
                throw new MalformedUpdateException("snapshot run " + i + " lies before its left origin", -1);
            }
            boolean rightIsNext = i + 1 < n && s.rightRep()[i] == s.rep()[i + 1] && s.rightCtr()[i] == s.ctr()[i + 1];
            if (!rightIsNext && s.rightRep()[i] != Run.NONE && requireRun(s, ids, s.rightRep()[i], s.rightCtr()[i]) <= i) {
                throw new MalformedUpdateException("snapshot run " + i + " lies after its right origin", -1);
            }
        }
        for (Op op : s.others()) {
            if (op instanceof MarkOp m) {
                requireRun(s, ids, m.startRep(), m.startCtr());
                requireRun(s, ids, m.endRep(), m.endCtr());
            } else if (op instanceof RegisterOp g) {
                requireRun(s, ids, g.posRep(), g.posCtr());
            }
        }
    }

    /** Index (in document order) of the run holding {@code (rep, ctr)}; -1 for NONE. */
    private static int requireRun(SnapshotCodec.Snapshot s, Map<Integer, long[]> ids, int rep, int ctr) {
        if (rep == Run.NONE) {
            return -1;
        }
        long[] keys = ids.get(rep);
        if (keys != null) {
            int lo = 0;
            int hi = keys.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (keys[mid] >>> 32 <= ctr) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            long start = keys[lo] >>> 32;
            int idx = (int) keys[lo];
            if (idx < s.n() && start <= ctr && ctr < start + s.len()[idx]) {
                return idx;
            }
        }
        throw new MalformedUpdateException("snapshot references unknown character " + rep + ":" + ctr, -1);
    }
}
