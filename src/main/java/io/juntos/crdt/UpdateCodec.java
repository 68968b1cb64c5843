package io.juntos.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Incremental updates: for each replica, the operations this document has beyond a given
 * version vector, as consecutive structs (one per run, so consecutive typing costs a few
 * bytes whatever its length), all text in one WTF-8 block, then the delete set as
 * run-length encoded ranges.
 */
final class UpdateCodec {
    private static final int RUN_HAS_LEFT = 1 << 2;
    private static final int RUN_LEFT_IS_PREV = 1 << 3;
    private static final int RUN_HAS_RIGHT = 1 << 4;
    private static final int RUN_DELETED = 1 << 5;

    private UpdateCodec() {
    }

    static byte[] encode(Sequence seq, VersionVector since) {
        return encode(seq, since::get, Wire.deleteSet(seq));
    }

    /** Only this replica's operations from counter {@code from} on, with just {@code deletes}. */
    static byte[] encodeLocal(Sequence seq, int from, Map<Integer, List<int[]>> deletes) {
        return encode(seq, rep -> rep == seq.localReplica ? from : Integer.MAX_VALUE, deletes);
    }

    private static byte[] encode(Sequence seq, IntUnaryOperator since, Map<Integer, List<int[]>> deletes) {
        Wire.ReplicaTable table = new Wire.ReplicaTable();
        ByteWriter body = new ByteWriter(256);
        StringBuilder text = new StringBuilder();
        List<ReplicaState> states = new ArrayList<>(seq.states.values());
        states.sort((a, b) -> Integer.compare(a.replica, b.replica));
        int groups = 0;
        ByteWriter groupBytes = new ByteWriter(256);
        for (ReplicaState st : states) {
            int from = since.applyAsInt(st.replica);
            if (st.next > from) {
                groups++;
                writeGroup(groupBytes, table, st, from, text);
            }
        }
        body.writeVarUint(groups);
        body.writeBytes(groupBytes);
        ByteWriter textBytes = new ByteWriter(text.length() + 8);
        textBytes.writeWtf8(text, 0, text.length());
        body.writeVarUint(textBytes.size());
        body.writeBytes(textBytes);
        Wire.writeDeletes(body, table, deletes);

        ByteWriter out = new ByteWriter(body.size() + 16);
        Wire.writeHeader(out, Wire.KIND_UPDATE);
        table.write(out);
        out.writeBytes(body);
        return Wire.seal(out.toByteArray());
    }

    private static void writeGroup(ByteWriter out, Wire.ReplicaTable table, ReplicaState st, int from, StringBuilder text) {
        ByteWriter structs = new ByteWriter(64);
        int count = 0;
        for (int b = st.blockIndex(from); b < st.blockCount(); b++) {
            Object block = st.blockAt(b);
            if (block instanceof Run head) {
                count += writeRunPieces(structs, table, st, head, from, text);
            } else {
                Wire.writeOther(structs, table, (Op) block);
                count++;
            }
        }
        out.writeVarUint(table.indexOf(st.replica));
        out.writeVarUint(from);
        out.writeVarUint(count);
        out.writeBytes(structs);
    }

    /** Writes the pieces of one inserted run from counter {@code from} on, merging pieces alike in deletion. */
    private static int writeRunPieces(ByteWriter out, Wire.ReplicaTable table, ReplicaState st, Run head, int from,
                                      StringBuilder text) {
        int count = 0;
        Run piece = head;
        while (piece != null && piece.end() <= from) {
            piece = piece.idNext;
        }
        while (piece != null) {
            int start = Math.max(from, piece.counter);
            boolean deleted = piece.deleted;
            Run last = piece;
            while (last.idNext != null && last.idNext.deleted == deleted) {
                last = last.idNext;
            }
            int len = last.end() - start;
            int leftRep = start == piece.counter ? piece.leftRep : st.replica;
            int leftCtr = start == piece.counter ? piece.leftCtr : start - 1;
            writeRun(out, table, st.replica, start, len, leftRep, leftCtr, piece.rightRep, piece.rightCtr, deleted);
            if (!deleted) {
                st.chars.appendTo(text, start, len);
            }
            count++;
            piece = last.idNext;
        }
        return count;
    }

    static void writeRun(ByteWriter out, Wire.ReplicaTable table, int replica, int counter, int len,
                         int leftRep, int leftCtr, int rightRep, int rightCtr, boolean deleted) {
        boolean leftIsPrev = leftRep == replica && leftCtr == counter - 1;
        int header = Wire.STRUCT_RUN
                | (leftRep != Run.NONE ? RUN_HAS_LEFT : 0)
                | (leftIsPrev ? RUN_LEFT_IS_PREV : 0)
                | (rightRep != Run.NONE ? RUN_HAS_RIGHT : 0)
                | (deleted ? RUN_DELETED : 0);
        out.writeByte(header);
        out.writeVarUint(len);
        if (leftRep != Run.NONE && !leftIsPrev) {
            out.writeVarUint(table.indexOf(leftRep));
            out.writeVarUint(leftCtr);
        }
        if (rightRep != Run.NONE) {
            out.writeVarUint(table.indexOf(rightRep));
            out.writeVarUint(rightCtr);
        }
    }

    static Update decode(ByteReader in) {
        int[] table = Wire.ReplicaTable.read(in);
        int groups = in.readCount("struct groups");
        List<Op> ops = new ArrayList<>();
        List<Op.RunOp> runs = new ArrayList<>();
        List<Integer> runIndexes = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int replica = Wire.readReplica(in, table);
            long counter = in.readInt(Integer.MAX_VALUE, "counter");
            int n = in.readCount("struct count");
            for (int i = 0; i < n; i++) {
                int header = in.readByte();
                Op op;
                if ((header & 3) == Wire.STRUCT_RUN) {
                    op = readRun(in, header, table, replica, (int) counter);
                    if (((Op.RunOp) op).content() != null) {
                        runs.add((Op.RunOp) op);
                        runIndexes.add(ops.size());
                    }
                } else {
                    op = Wire.readOther(in, header, table, replica, (int) counter);
                }
                counter += op.length();
                if (counter > Integer.MAX_VALUE) {
                    throw in.fail("counter overflow");
                }
                ops.add(op);
            }
        }
        fillText(in, ops, runs, runIndexes);
        List<DeleteRange> deletes = Wire.readDeletes(in, table);
        if (!in.atEnd()) {
            throw in.fail("trailing bytes after update");
        }
        return new Update(ops, deletes);
    }

    private static Op.RunOp readRun(ByteReader in, int header, int[] table, int replica, int counter) {
        if (header >> 6 != 0) {
            throw in.fail("unknown run flags");
        }
        int len = in.readInt(Integer.MAX_VALUE, "run length");
        if (len == 0) {
            throw in.fail("empty run");
        }
        int leftRep = Run.NONE;
        int leftCtr = 0;
        if ((header & RUN_HAS_LEFT) != 0) {
            if ((header & RUN_LEFT_IS_PREV) != 0) {
                if (counter == 0) {
                    throw in.fail("run at counter 0 cannot follow its predecessor");
                }
                leftRep = replica;
                leftCtr = counter - 1;
            } else {
                leftRep = Wire.readReplica(in, table);
                leftCtr = in.readInt(Integer.MAX_VALUE, "counter");
            }
        }
        int rightRep = Run.NONE;
        int rightCtr = 0;
        if ((header & RUN_HAS_RIGHT) != 0) {
            rightRep = Wire.readReplica(in, table);
            rightCtr = in.readInt(Integer.MAX_VALUE, "counter");
        }
        // Content is filled in from the text block once every struct is read; "" marks "has text".
        return new Op.RunOp(replica, counter, len, leftRep, leftCtr, rightRep, rightCtr,
                (header & RUN_DELETED) != 0 ? null : "");
    }

    /** Reads the text block and hands each visible run its slice. */
    static void fillText(ByteReader in, List<Op> ops, List<Op.RunOp> runs, List<Integer> indexes) {
        int byteLen = in.readCount("text length");
        StringBuilder text = new StringBuilder(byteLen);
        in.readWtf8(text, in.position() + byteLen);
        long expected = 0;
        for (Op.RunOp r : runs) {
            expected += r.length();
        }
        if (expected != text.length()) {
            throw in.fail("text block holds " + text.length() + " characters, runs need " + expected);
        }
        int at = 0;
        for (int i = 0; i < runs.size(); i++) {
            Op.RunOp r = runs.get(i);
            ops.set(indexes.get(i), new Op.RunOp(r.replica(), r.counter(), r.length(), r.leftRep(), r.leftCtr(),
                    r.rightRep(), r.rightCtr(), text.substring(at, at + r.length())));
            at += r.length();
        }
    }
}
