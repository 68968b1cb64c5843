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
    private static final int DELETED = 1;
    private static final int LEFT_PREV = 1 << 1;
    private static final int LEFT_EXPLICIT = 2 << 1;
    private static final int RIGHT_NEXT = 1 << 3;
    private static final int RIGHT_EXPLICIT = 2 << 3;
    private static final int SAME_REPLICA = 1 << 5;

    private SnapshotCodec() {
    }

    /** A decoded snapshot: runs in document order (text attached), other ops, version. */
    record Snapshot(List<Op.RunOp> runs, List<Op> others, Map<Integer, Integer> version) {
        /** The same state as an ordinary update, for a replica that already has content. */
        Update asUpdate() {
            List<Op> ops = new ArrayList<>(runs);
            ops.addAll(others);
            ops.sort(Comparator.comparingInt(Op::replica).thenComparingInt(Op::counter));
            List<DeleteRange> deletes = new ArrayList<>();
            for (Op.RunOp r : runs) {
                if (r.content() == null) {
                    deletes.add(new DeleteRange(r.replica(), r.counter(), r.length()));
                }
            }
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
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            Run prev = i > 0 ? runs.get(i - 1) : null;
            Run next = i + 1 < runs.size() ? runs.get(i + 1) : null;
            writeRun(body, table, r, prev, next, prevRep, lastEnd.getOrDefault(r.replica, 0));
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
        out.writeByte(Wire.FORMAT);
        out.writeByte(Wire.KIND_SNAPSHOT);
        table.write(out);
        out.writeVarUint(states.size());
        for (ReplicaState st : states) {
            out.writeVarUint(table.indexOf(st.replica));
            out.writeVarUint(st.next);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeRun(ByteWriter out, Wire.ReplicaTable table, Run r, Run prev, Run next, int prevRep,
                                 int lastEnd) {
        int header = r.deleted ? DELETED : 0;
        if (r.leftRep != Run.NONE) {
            header |= prev != null && prev.replica == r.leftRep && prev.end() - 1 == r.leftCtr ? LEFT_PREV : LEFT_EXPLICIT;
        }
        if (r.rightRep != Run.NONE) {
            header |= next != null && next.startsWith(r.rightRep, r.rightCtr) ? RIGHT_NEXT : RIGHT_EXPLICIT;
        }
        boolean sameRep = r.replica == prevRep;
        header |= sameRep ? SAME_REPLICA : 0;
        out.writeByte(header);
        if (!sameRep) {
            out.writeVarUint(table.indexOf(r.replica));
        }
        out.writeVarInt((long) r.counter - lastEnd);
        out.writeVarUint(r.len);
        if ((header & LEFT_EXPLICIT) != 0) {
            out.writeVarUint(table.indexOf(r.leftRep));
            out.writeVarUint(r.leftCtr);
        }
        if ((header & RIGHT_EXPLICIT) != 0) {
            out.writeVarUint(table.indexOf(r.rightRep));
            out.writeVarUint(r.rightCtr);
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

    static Snapshot decode(ByteReader in) {
        int[] table = Wire.ReplicaTable.read(in);
        int vn = in.readCount("version size");
        Map<Integer, Integer> version = new HashMap<>();
        for (int i = 0; i < vn; i++) {
            int rep = Wire.readReplica(in, table);
            version.put(rep, in.readInt(Integer.MAX_VALUE, "counter"));
        }
        int n = in.readCount("run count");
        List<Op.RunOp> runs = new ArrayList<>(n);
        List<Op.RunOp> visible = new ArrayList<>();
        List<Integer> visibleIndexes = new ArrayList<>();
        Map<Integer, Long> lastEnd = new HashMap<>();
        int prevRep = Run.NONE;
        int pendingRightNext = -1;
        for (int i = 0; i < n; i++) {
            int header = in.readByte();
            if (header >> 6 != 0 || (header & (3 << 1)) == 3 << 1 || (header & (3 << 3)) == 3 << 3) {
                throw in.fail("unknown run flags");
            }
            int rep = (header & SAME_REPLICA) != 0 ? prevRep : Wire.readReplica(in, table);
            if (rep == Run.NONE) {
                throw in.fail("first run cannot repeat a replica");
            }
            long counter = lastEnd.getOrDefault(rep, 0L) + in.readVarInt();
            int len = in.readInt(Integer.MAX_VALUE, "run length");
            if (counter < 0 || len == 0 || counter + len > Integer.MAX_VALUE) {
                throw in.fail("invalid run id range");
            }
            if (pendingRightNext >= 0) {
                Op.RunOp p = runs.get(pendingRightNext);
                runs.set(pendingRightNext, withRight(p, rep, (int) counter));
                pendingRightNext = -1;
            }
            int leftRep = Run.NONE;
            int leftCtr = 0;
            if ((header & LEFT_PREV) != 0) {
                if (i == 0) {
                    throw in.fail("first run cannot follow a previous run");
                }
                Op.RunOp prev = runs.get(i - 1);
                leftRep = prev.replica();
                leftCtr = prev.counter() + prev.length() - 1;
            } else if ((header & LEFT_EXPLICIT) != 0) {
                leftRep = Wire.readReplica(in, table);
                leftCtr = in.readInt(Integer.MAX_VALUE, "counter");
            }
            int rightRep = Run.NONE;
            int rightCtr = 0;
            if ((header & RIGHT_EXPLICIT) != 0) {
                rightRep = Wire.readReplica(in, table);
                rightCtr = in.readInt(Integer.MAX_VALUE, "counter");
            } else if ((header & RIGHT_NEXT) != 0) {
                pendingRightNext = i;
            }
            Op.RunOp run = new Op.RunOp(rep, (int) counter, len, leftRep, leftCtr, rightRep, rightCtr,
                    (header & DELETED) != 0 ? null : "");
            if (run.content() != null) {
                visible.add(run);
                visibleIndexes.add(i);
            }
            runs.add(run);
            lastEnd.put(rep, counter + len);
            prevRep = rep;
        }
        if (pendingRightNext >= 0) {
            throw in.fail("last run cannot point to a next run");
        }
        List<Op> asOps = new ArrayList<>(runs);
        fixRightNext(runs, visible, visibleIndexes);
        UpdateCodec.fillText(in, asOps, visible, visibleIndexes);
        for (int i = 0; i < runs.size(); i++) {
            runs.set(i, (Op.RunOp) asOps.get(i));
        }
        int others = in.readCount("other op count");
        List<Op> otherOps = new ArrayList<>(others);
        for (int i = 0; i < others; i++) {
            int rep = Wire.readReplica(in, table);
            int counter = in.readInt(Integer.MAX_VALUE - 1, "counter");
            int header = in.readByte();
            otherOps.add(Wire.readOther(in, header, table, rep, counter));
        }
        if (!in.atEnd()) {
            throw in.fail("trailing bytes after snapshot");
        }
        return new Snapshot(runs, otherOps, version);
    }

    /** The visible-run list was captured before right origins were patched in; refresh it. */
    private static void fixRightNext(List<Op.RunOp> runs, List<Op.RunOp> visible, List<Integer> indexes) {
        for (int i = 0; i < visible.size(); i++) {
            visible.set(i, runs.get(indexes.get(i)));
        }
    }

    private static Op.RunOp withRight(Op.RunOp r, int rightRep, int rightCtr) {
        return new Op.RunOp(r.replica(), r.counter(), r.length(), r.leftRep(), r.leftCtr(), rightRep, rightCtr, r.content());
    }
}
