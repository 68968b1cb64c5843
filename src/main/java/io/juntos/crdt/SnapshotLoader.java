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
        for (int i = 0; i < n; i++) {
            Run run = new Run(s.rep()[i], s.ctr()[i], s.len()[i], s.leftRep()[i], s.leftCtr()[i], s.rightRep()[i], s.rightCtr()[i]);
            run.deleted = s.deleted()[i];
            if (!run.deleted) {
                seq.state(run.replica).chars.put(run.counter, text, at, at + run.len);
                at += run.len;
            }
            runs[i] = run;
        }
        seq.tree.bulkLoad(Arrays.asList(runs));
        List<Op> others = s.others();
        ids.forEach((rep, keys) -> {
            ReplicaState st = seq.state(rep);
            st.ensureCapacity(keys.length);
            for (long key : keys) {
                int idx = (int) key;
                st.append((int) (key >>> 32), idx < n ? runs[idx] : others.get(idx - n));
            }
            st.next = s.version().getOrDefault(rep, 0);
        });
        for (Op op : others) {
            seq.lamport = Math.max(seq.lamport, op instanceof MarkOp m ? m.lamport() : ((RegisterOp) op).lamport());
        }
    }

    /** Per replica, {@code counter << 32 | index} of every struct, sorted; index n+k is others[k]. */
    private static Map<Integer, long[]> sortedIds(SnapshotCodec.Snapshot s) {
        int n = s.n();
        List<Op> others = s.others();
        Map<Integer, int[]> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.computeIfAbsent(s.rep()[i], k -> new int[1])[0]++;
        }
        for (Op op : others) {
            counts.computeIfAbsent(op.replica(), k -> new int[1])[0]++;
        }
        Map<Integer, long[]> ids = new HashMap<>();
        counts.forEach((rep, c) -> ids.put(rep, new long[c[0]]));
        Map<Integer, int[]> fill = new HashMap<>();
        for (int i = 0; i < n + others.size(); i++) {
            int rep = i < n ? s.rep()[i] : others.get(i - n).replica();
            int ctr = i < n ? s.ctr()[i] : others.get(i - n).counter();
            int[] f = fill.computeIfAbsent(rep, k -> new int[1]);
            ids.get(rep)[f[0]++] = (long) ctr << 32 | i;
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
            requireRun(s, ids, s.leftRep()[i], s.leftCtr()[i]);
            requireRun(s, ids, s.rightRep()[i], s.rightCtr()[i]);
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

    private static void requireRun(SnapshotCodec.Snapshot s, Map<Integer, long[]> ids, int rep, int ctr) {
        if (rep == Run.NONE) {
            return;
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
                return;
            }
        }
        throw new MalformedUpdateException("snapshot references unknown character " + rep + ":" + ctr, -1);
    }
}
