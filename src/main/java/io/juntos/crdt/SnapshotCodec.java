package io.juntos.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Full-state snapshots: runs in document order, so an empty replica loads them straight
 * into its tree (no integration, no replay). Origins are mostly implied by the
 * neighbouring run and cost one header bit; deleted runs ship no text.
 */
final class SnapshotCodec {
    static final int DELETED = 1;
    static final int LEFT_PREV = 1 << 1;
    static final int LEFT_EXPLICIT = 2 << 1;
    static final int LEFT_PREV_COUNTER = 3 << 1;
    static final int LEFT_MASK = 3 << 1;
    static final int RIGHT_NEXT = 1 << 3;
    static final int RIGHT_EXPLICIT = 2 << 3;
    static final int RIGHT_AS_PREV = 3 << 3;
    static final int RIGHT_MASK = 3 << 3;
    static final int SAME_REPLICA = 1 << 5;
    static final int LENGTH_ONE = 1 << 6;
    /** With RIGHT_EXPLICIT: the right origin is one of the last {@link RecentIds#SIZE} explicit ones. */
    static final int RIGHT_RECENT = 1 << 7;

    private SnapshotCodec() {
    }

    /**
     * A decoded snapshot, columnar so that loading allocates nothing per run but the run
     * itself: run {@code i} has id {@code (rep[i], ctr[i])}, {@code len[i]} characters and
     * its origins; visible runs take their text from {@code text} in order.
     */
    record Snapshot(int n, int[] rep, int[] ctr, int[] len, int[] leftRep, int[] leftCtr, int[] rightRep,
                    int[] rightCtr, boolean[] deleted, String text, List<Op> others, Map<Integer, Integer> version) {

        /** The same state as an ordinary update, for a replica that already has content. */
        Update asUpdate() {
            List<Op> ops = new ArrayList<>(n + others.size());
            List<DeleteRange> deletes = new ArrayList<>();
            int at = 0;
            for (int i = 0; i < n; i++) {
                String content = null;
                if (deleted[i]) {
                    deletes.add(new DeleteRange(rep[i], ctr[i], len[i]));
                } else {
                    content = text.substring(at, at + len[i]);
                    at += len[i];
                }
                ops.add(new Op.RunOp(rep[i], ctr[i], len[i], leftRep[i], leftCtr[i], rightRep[i], rightCtr[i], content));
            }
            ops.addAll(others);
            ops.sort(Comparator.comparingInt(Op::replica).thenComparingInt(Op::counter));
            return new Update(ops, deletes);
        }
    }

    static byte[] encode(Sequence seq) {
        Wire.ReplicaTable table = new Wire.ReplicaTable();
        ByteWriter body = new ByteWriter(seq.tree.totalLength() / 2 + 64);
        StringBuilder text = new StringBuilder(seq.tree.visibleLength());
        List<Run> runs = new ArrayList<>();
        for (RunTree.Leaf leaf = seq.tree.firstLeaf(); leaf != null; leaf = leaf.next) {
            runs.addAll(Arrays.asList(leaf.runs).subList(0, leaf.size));
        }
        body.writeVarUint(runs.size());
        Map<Integer, Integer> lastEnd = new HashMap<>();
        int prevRep = Run.NONE;
        RecentIds recent = new RecentIds();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            Run prev = i > 0 ? runs.get(i - 1) : null;
            Run next = i + 1 < runs.size() ? runs.get(i + 1) : null;
            writeRun(body, table, r, prev, next, prevRep, lastEnd.getOrDefault(r.replica, 0), recent);
            lastEnd.put(r.replica, r.end());
            prevRep = r.replica;
            if (!r.deleted) {
                seq.states.get(r.replica).chars.appendTo(text, r.counter, r.len);
            }
        }
        ByteWriter textBytes = new ByteWriter(text.length() + 8);
        textBytes.writeWtf8(text, 0, text.length());
        body.writeVarUint(textBytes.size());
        body.writeBytes(textBytes);
        writeOthers(body, table, seq);

        List<ReplicaState> states = new ArrayList<>(seq.states.values());
        states.removeIf(st -> st.next == 0);
        states.sort(Comparator.comparingInt(st -> st.replica));
        for (ReplicaState st : states) {
            table.indexOf(st.replica);
        }
        ByteWriter out = new ByteWriter(body.size() + 16 + states.size() * 8);
        Wire.writeHeader(out, Wire.KIND_SNAPSHOT);
        table.write(out);
        out.writeVarUint(states.size());
        for (ReplicaState st : states) {
            out.writeVarUint(table.indexOf(st.replica));
            out.writeVarUint(st.next);
        }
        out.writeBytes(body);
        return Wire.seal(out.toByteArray());
    }

    private static void writeRun(ByteWriter out, Wire.ReplicaTable table, Run r, Run prev, Run next, int prevRep,
                                 int lastEnd, RecentIds recent) {
        int header = r.deleted ? DELETED : 0;
        if (r.leftRep != Run.NONE) {
            if (prev != null && prev.replica == r.leftRep && prev.end() - 1 == r.leftCtr) {
                header |= LEFT_PREV;
            } else if (r.leftRep == r.replica && r.leftCtr == r.counter - 1) {
                header |= LEFT_PREV_COUNTER;
            } else {
                header |= LEFT_EXPLICIT;
            }
        }
        if (r.rightRep != Run.NONE) {
            if (next != null && next.startsWith(r.rightRep, r.rightCtr)) {
                header |= RIGHT_NEXT;
            } else if (prev != null && prev.rightRep == r.rightRep && prev.rightCtr == r.rightCtr) {
                // Tombstones of one typing session share the right origin of the session.
                header |= RIGHT_AS_PREV;
            } else {
                header |= RIGHT_EXPLICIT;
            }
        }
        int recentIndex = -1;
        if ((header & RIGHT_MASK) == RIGHT_EXPLICIT) {
            recentIndex = recent.indexOf(r.rightRep, r.rightCtr);
            header |= recentIndex >= 0 ? RIGHT_RECENT : 0;
            recent.use(r.rightRep, r.rightCtr, recentIndex);
        }
        boolean sameRep = r.replica == prevRep;
        header |= sameRep ? SAME_REPLICA : 0;
        header |= r.len == 1 ? LENGTH_ONE : 0;
        out.writeByte(header);
        if (!sameRep) {
            out.writeVarUint(table.indexOf(r.replica));
        }
        int leftKind = header & LEFT_MASK;
        if (leftKind == LEFT_EXPLICIT) {
            out.writeVarUint(table.indexOf(r.leftRep));
            out.writeVarInt((long) r.leftCtr - lastEnd);
        }
        // A run is usually typed soon after its left origin: its counter is stored relative to it.
        boolean afterLeft = leftKind == LEFT_PREV || leftKind == LEFT_EXPLICIT;
        out.writeVarInt((long) r.counter - (afterLeft ? r.leftCtr + 1L : lastEnd));
        if (r.len != 1) {
            out.writeVarUint(r.len);
        }
        if (recentIndex >= 0) {
            out.writeByte(recentIndex);
        } else if ((header & RIGHT_MASK) == RIGHT_EXPLICIT) {
            out.writeVarUint(table.indexOf(r.rightRep));
            out.writeVarInt((long) r.rightCtr - r.counter);
        }
    }

    private static void writeOthers(ByteWriter out, Wire.ReplicaTable table, Sequence seq) {
        List<Op> others = new ArrayList<>();
        for (ReplicaState st : seq.states.values()) {
            for (int b = 0; b < st.blockCount(); b++) {
                if (st.blockAt(b) instanceof Op op) {
                    others.add(op);
                }
            }
        }
        others.sort(Comparator.comparingInt(Op::replica).thenComparingInt(Op::counter));
        out.writeVarUint(others.size());
        for (Op op : others) {
            out.writeVarUint(table.indexOf(op.replica()));
            out.writeVarUint(op.counter());
            Wire.writeOther(out, table, op);
        }
    }


}
