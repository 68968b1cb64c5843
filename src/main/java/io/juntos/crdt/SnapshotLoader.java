package io.juntos.crdt;

import java.util.ArrayList;
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

    static void load(Sequence seq, SnapshotCodec.Snapshot snap) {
        Map<Integer, int[][]> spans = validateIds(snap);
        for (Op.RunOp r : snap.runs()) {
            requireRun(spans, r.leftRep(), r.leftCtr());
            requireRun(spans, r.rightRep(), r.rightCtr());
        }
        for (Op op : snap.others()) {
            if (op instanceof MarkOp m) {
                requireRun(spans, m.startRep(), m.startCtr());
                requireRun(spans, m.endRep(), m.endCtr());
            } else if (op instanceof RegisterOp g) {
                requireRun(spans, g.posRep(), g.posCtr());
            }
        }
        List<Run> runs = new ArrayList<>(snap.runs().size());
        Map<Integer, List<Object>> blocks = new HashMap<>();
        for (Op.RunOp op : snap.runs()) {
            Run run = new Run(op.replica(), op.counter(), op.length(), op.leftRep(), op.leftCtr(), op.rightRep(), op.rightCtr());
            run.deleted = op.content() == null;
            if (!run.deleted) {
                seq.state(op.replica()).chars.put(op.counter(), op.content(), 0, op.length());
            }
            runs.add(run);
            blocks.computeIfAbsent(op.replica(), k -> new ArrayList<>()).add(run);
        }
        seq.tree.bulkLoad(runs);
        for (Op op : snap.others()) {
            blocks.computeIfAbsent(op.replica(), k -> new ArrayList<>()).add(op);
        }
        blocks.forEach((rep, list) -> {
            list.sort((a, b) -> Integer.compare(counterOf(a), counterOf(b)));
            ReplicaState st = seq.state(rep);
            for (Object b : list) {
                st.append(counterOf(b), b);
            }
            st.next = snap.version().getOrDefault(rep, 0);
        });
        for (Op op : snap.others()) {
            seq.lamport = Math.max(seq.lamport, op instanceof MarkOp m ? m.lamport() : ((RegisterOp) op).lamport());
        }
    }

    private static int counterOf(Object block) {
        return block instanceof Run r ? r.counter : ((Op) block).counter();
    }

    /**
     * Per replica, the sorted id spans {@code [counter, length, isRun]}; they must tile
     * {@code 0 .. version} exactly, or the snapshot is malformed.
     */
    private static Map<Integer, int[][]> validateIds(SnapshotCodec.Snapshot snap) {
        Map<Integer, List<int[]>> byRep = new HashMap<>();
        for (Op.RunOp r : snap.runs()) {
            byRep.computeIfAbsent(r.replica(), k -> new ArrayList<>()).add(new int[]{r.counter(), r.length(), 1});
        }
        for (Op op : snap.others()) {
            byRep.computeIfAbsent(op.replica(), k -> new ArrayList<>()).add(new int[]{op.counter(), 1, 0});
        }
        Map<Integer, int[][]> out = new HashMap<>();
        for (Map.Entry<Integer, List<int[]>> e : byRep.entrySet()) {
            int[][] spans = e.getValue().toArray(new int[0][]);
            Arrays.sort(spans, (a, b) -> Integer.compare(a[0], b[0]));
            long expect = 0;
            for (int[] s : spans) {
                if (s[0] != expect) {
                    throw new MalformedUpdateException("snapshot ids of replica " + e.getKey() + " do not tile at " + s[0], -1);
                }
                expect += s[1];
            }
            if (expect != snap.version().getOrDefault(e.getKey(), 0)) {
                throw new MalformedUpdateException("snapshot version of replica " + e.getKey() + " disagrees with its ids", -1);
            }
            out.put(e.getKey(), spans);
        }
        for (Map.Entry<Integer, Integer> v : snap.version().entrySet()) {
            if (v.getValue() > 0 && !out.containsKey(v.getKey())) {
                throw new MalformedUpdateException("snapshot version names replica " + v.getKey() + " without ids", -1);
            }
        }
        return out;
    }

    private static void requireRun(Map<Integer, int[][]> spans, int rep, int ctr) {
        if (rep == Run.NONE) {
            return;
        }
        int[][] s = spans.get(rep);
        if (s != null) {
            int lo = 0;
            int hi = s.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (s[mid][0] <= ctr) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            if (s[lo][0] <= ctr && ctr < s[lo][0] + s[lo][1] && s[lo][2] == 1) {
                return;
            }
        }
        throw new MalformedUpdateException("snapshot references unknown character " + rep + ":" + ctr, -1);
    }
}
