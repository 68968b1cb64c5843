package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.juntos.crdt.SnapshotCodec.DELETED;
import static io.juntos.crdt.SnapshotCodec.LEFT_EXPLICIT;
import static io.juntos.crdt.SnapshotCodec.LEFT_MASK;
import static io.juntos.crdt.SnapshotCodec.LEFT_PREV;
import static io.juntos.crdt.SnapshotCodec.LEFT_PREV_COUNTER;
import static io.juntos.crdt.SnapshotCodec.LENGTH_ONE;
import static io.juntos.crdt.SnapshotCodec.RIGHT_AS_PREV;
import static io.juntos.crdt.SnapshotCodec.RIGHT_EXPLICIT;
import static io.juntos.crdt.SnapshotCodec.RIGHT_MASK;
import static io.juntos.crdt.SnapshotCodec.RIGHT_NEXT;
import static io.juntos.crdt.SnapshotCodec.RIGHT_RECENT;
import static io.juntos.crdt.SnapshotCodec.SAME_REPLICA;

/** Decodes a snapshot (see {@link SnapshotCodec}) into columns, validating every field it reads. */
final class SnapshotDecoder {
    private SnapshotDecoder() {
    }

    static SnapshotCodec.Snapshot decode(ByteReader in) {
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
        return new SnapshotCodec.Snapshot(n, reps, ctrs, lens, leftReps, leftCtrs, rightReps, rightCtrs, deleted, sb.toString(),
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

    private static int relative(ByteReader in, long counter) {
        long c = counter + in.readVarInt();
        if (c < 0 || c > Integer.MAX_VALUE) {
            throw in.fail("origin counter out of range");
        }
        return (int) c;
    }
}
