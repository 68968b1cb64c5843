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
    private static final int LEFT_PREV_COUNTER = 3 << 1;
    private static final int LEFT_MASK = 3 << 1;
    private static final int RIGHT_NEXT = 1 << 3;
    private static final int RIGHT_EXPLICIT = 2 << 3;
    private static final int RIGHT_AS_PREV = 3 << 3;
    private static final int RIGHT_MASK = 3 << 3;
    private static final int SAME_REPLICA = 1 << 5;
    private static final int LENGTH_ONE = 1 << 6;
    /** With RIGHT_EXPLICIT: the right origin is one of the last {@link RecentIds#SIZE} explicit ones. */
    private static final int RIGHT_RECENT = 1 << 7;

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

    static Snapshot decode(ByteReader in) {
        int[] table = Wire.ReplicaTable.read(in);
        int vn = in.readCount("version size");
        Map<Integer, Integer> version = new HashMap<>();
        for (int i = 0; i < vn; i++) {
            int rep = Wire.readReplica(in, table);
            version.put(rep, in.readInt(Integer.MAX_VALUE, "counter"));
        }
        int n = in.readCount("run count");
        int[] reps = new int[n];
        int[] ctrs = new int[n];
        int[] lens = new int[n];
        int[] leftReps = new int[n];
        int[] leftCtrs = new int[n];
        int[] rightReps = new int[n];
        int[] rightCtrs = new int[n];
        boolean[] deleted = new boolean[n];
        Map<Integer, Long> lastEnd = new HashMap<>();
        long visibleChars = 0;
        int prevRep = Run.NONE;
        long prevEnd = 0;
        RecentIds recent = new RecentIds();
        for (int i = 0; i < n; i++) {
            int header = in.readByte();
            if ((header & RIGHT_RECENT) != 0 && (header & RIGHT_MASK) != RIGHT_EXPLICIT) {
                throw in.fail("unknown run flags");
            }
            int rep;
            long base;
            if ((header & SAME_REPLICA) != 0) {
                if (i == 0) {
                    throw in.fail("first run cannot repeat a replica");
                }
                rep = prevRep;
                base = prevEnd;
            } else {
                if (i > 0) {
                    lastEnd.put(prevRep, prevEnd);
                }
                rep = Wire.readReplica(in, table);
                base = lastEnd.getOrDefault(rep, 0L);
            }
            int leftRep = Run.NONE;
            int leftCtr = 0;
            int leftKind = header & LEFT_MASK;
            if (leftKind == LEFT_PREV) {
                if (i == 0) {
                    throw in.fail("first run cannot follow a previous run");
                }
                leftRep = reps[i - 1];
                leftCtr = ctrs[i - 1] + lens[i - 1] - 1;
            } else if (leftKind == LEFT_EXPLICIT) {
                leftRep = Wire.readReplica(in, table);
                leftCtr = relative(in, base);
            }
            boolean afterLeft = leftKind == LEFT_PREV || leftKind == LEFT_EXPLICIT;
            long counter = (afterLeft ? leftCtr + 1L : base) + in.readVarInt();
            int len = (header & LENGTH_ONE) != 0 ? 1 : in.readInt(Integer.MAX_VALUE, "run length");
            if (counter < 0 || len == 0 || counter + len > Integer.MAX_VALUE) {
                throw in.fail("invalid run id range");
            }
            if (leftKind == LEFT_PREV_COUNTER) {
                if (counter == 0) {
                    throw in.fail("run at counter 0 cannot follow its predecessor");
                }
                leftRep = rep;
                leftCtr = (int) counter - 1;
            }
            reps[i] = rep;
            ctrs[i] = (int) counter;
            lens[i] = len;
            leftReps[i] = leftRep;
            leftCtrs[i] = leftCtr;
            rightReps[i] = Run.NONE;
            readRight(in, header, table, i, counter, rightReps, rightCtrs, recent);
            if ((header & RIGHT_MASK) == RIGHT_NEXT && i + 1 >= n) {
                throw in.fail("last run cannot point to a next run");
            }
            deleted[i] = (header & DELETED) != 0;
            if (!deleted[i]) {
                visibleChars += len;
            }
            prevRep = rep;
            prevEnd = counter + len;
        }
        for (int i = 0; i + 1 < n; i++) {
            if (rightReps[i] == RIGHT_NEXT_PENDING) {
                rightReps[i] = reps[i + 1];
                rightCtrs[i] = ctrs[i + 1];
            }
        }
        int byteLen = in.readCount("text length");
        StringBuilder sb = new StringBuilder((int) Math.min(byteLen, Integer.MAX_VALUE));
        in.readWtf8(sb, in.position() + byteLen);
        if (sb.length() != visibleChars) {
            throw in.fail("text block holds " + sb.length() + " characters, runs need " + visibleChars);
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
        return new Snapshot(n, reps, ctrs, lens, leftReps, leftCtrs, rightReps, rightCtrs, deleted, sb.toString(),
                otherOps, version);
    }

    /** Marks "right origin is the next run" until the next run's id is known. */
    private static final int RIGHT_NEXT_PENDING = -2;

    private static void readRight(ByteReader in, int header, int[] table, int i, long counter, int[] rightReps,
                                  int[] rightCtrs,
                                  RecentIds recent) {
        switch (header & RIGHT_MASK) {
            case RIGHT_EXPLICIT -> {
                int idx = -1;
                if ((header & RIGHT_RECENT) != 0) {
                    idx = in.readInt(RecentIds.SIZE - 1, "recent right origin");
                    if (idx >= recent.size()) {
                        throw in.fail("recent right origin " + idx + " not seen yet");
                    }
                    rightReps[i] = recent.rep(idx);
                    rightCtrs[i] = recent.ctr(idx);
                } else {
                    rightReps[i] = Wire.readReplica(in, table);
                    rightCtrs[i] = relative(in, counter);
                }
                recent.use(rightReps[i], rightCtrs[i], idx);
            }
            case RIGHT_NEXT -> rightReps[i] = RIGHT_NEXT_PENDING;
            case RIGHT_AS_PREV -> {
                if (i == 0 || rightReps[i - 1] == Run.NONE) {
                    throw in.fail("no previous right origin to share");
                }
                if (rightReps[i - 1] == RIGHT_NEXT_PENDING) {
                    throw in.fail("previous right origin is this run");
                }
                rightReps[i] = rightReps[i - 1];
                rightCtrs[i] = rightCtrs[i - 1];
            }
            default -> {
            }
        }
    }

    /** Move-to-front list of the last explicit right origins (tombstones of a session share one). */
    private static final class RecentIds {
        static final int SIZE = 8;
        private final int[] reps = new int[SIZE];
        private final int[] ctrs = new int[SIZE];
        private int size;

        int size() {
            return size;
        }

        int rep(int i) {
            return reps[i];
        }

        int ctr(int i) {
            return ctrs[i];
        }

        int indexOf(int rep, int ctr) {
            for (int i = 0; i < size; i++) {
                if (reps[i] == rep && ctrs[i] == ctr) {
                    return i;
                }
            }
            return -1;
        }

        /** Moves the id found at {@code index} (or a new one when -1) to the front. */
        void use(int rep, int ctr, int index) {
            int from = index >= 0 ? index : Math.min(size, SIZE - 1);
            System.arraycopy(reps, 0, reps, 1, from);
            System.arraycopy(ctrs, 0, ctrs, 1, from);
            reps[0] = rep;
            ctrs[0] = ctr;
            if (index < 0 && size < SIZE) {
                size++;
            }
        }
    }

    private static int relative(ByteReader in, long counter) {
        long c = counter + in.readVarInt();
        if (c < 0 || c > Integer.MAX_VALUE) {
            throw in.fail("origin counter out of range");
        }
        return (int) c;
    }

}
