package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Pieces of the binary format shared by updates and snapshots: the header, the replica
 * table (replica ids are written once, then referenced by index) and the encoding of
 * mark and register structs. See {@code package-info.java} for the full layout.
 */
final class Wire {
    /**
     * Format 2 added the integrity check; format 1 was never persisted (nothing stored
     * updates before lists), so it is refused like any unknown version.
     */
    static final int FORMAT = 2;
    /** Format byte, kind byte, then the CRC-32C (big-endian) of the kind byte and everything after the header. */
    static final int HEADER_SIZE = 6;
    static final int KIND_UPDATE = 0;
    static final int KIND_SNAPSHOT = 1;

    static final int STRUCT_RUN = 0;
    static final int STRUCT_MARK = 1;
    static final int STRUCT_REGISTER = 2;

    private Wire() {
    }

    /** Replica ids in first-use order; written as a count and the ids. */
    static final class ReplicaTable {
        private final Map<Integer, Integer> index = new HashMap<>();
        private final List<Integer> ids = new ArrayList<>();

        int indexOf(int replica) {
            Integer i = index.get(replica);
            if (i == null) {
                i = ids.size();
                index.put(replica, i);
                ids.add(replica);
            }
            return i;
        }

        void write(ByteWriter out) {
            out.writeVarUint(ids.size());
            for (int id : ids) {
                out.writeVarUint(id);
            }
        }

        static int[] read(ByteReader in) {
            int n = in.readCount("replica table size");
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readInt(Integer.MAX_VALUE, "replica id");
            }
            return ids;
        }
    }

    /** Writes the header with a placeholder checksum that {@link #seal} fills in. */
    static void writeHeader(ByteWriter out, int kind) {
        out.writeByte(FORMAT);
        out.writeByte(kind);
        for (int i = 0; i < 4; i++) {
            out.writeByte(0);
        }
    }

    /** Fills in the checksum of a finished message. */
    static byte[] seal(byte[] message) {
        int crc = checksum(message);
        message[2] = (byte) (crc >>> 24);
        message[3] = (byte) (crc >>> 16);
        message[4] = (byte) (crc >>> 8);
        message[5] = (byte) crc;
        return message;
    }

    /** CRC-32C of the kind byte and the body: a flipped bit anywhere but the format byte is caught. */
    private static int checksum(byte[] message) {
        CRC32C crc = new CRC32C();
        crc.update(message, 1, 1);
        crc.update(message, HEADER_SIZE, message.length - HEADER_SIZE);
        return (int) crc.getValue();
    }

    /**
     * Reads the header and verifies the checksum before anything else is decoded, so
     * corrupted bytes are refused instead of merged as some other valid-looking update.
     */
    static int readKind(ByteReader in) {
        int format = in.readByte();
        if (format != FORMAT) {
            throw new UnsupportedFormatException(format);
        }
        int kind = in.readByte();
        int stored = (in.readByte() << 24) | (in.readByte() << 16) | (in.readByte() << 8) | in.readByte();
        if (stored != checksum(in.bytes())) {
            throw new MalformedUpdateException("checksum mismatch: the message is corrupted", 2);
        }
        if (kind != KIND_UPDATE && kind != KIND_SNAPSHOT) {
            throw in.fail("unknown message kind " + kind);
        }
        return kind;
    }

    static int readReplica(ByteReader in, int[] table) {
        return table[in.readInt(table.length - 1, "replica index")];
    }

    static void writeMark(ByteWriter out, ReplicaTable table, MarkOp m) {
        int header = STRUCT_MARK
                | (m.value() != null ? 1 << 2 : 0)
                | (m.startAfter() ? 1 << 3 : 0)
                | (m.endAfter() ? 1 << 4 : 0)
                | (m.startRep() != Run.NONE ? 1 << 5 : 0)
                | (m.endRep() != Run.NONE ? 1 << 6 : 0);
        out.writeByte(header);
        out.writeVarUint(m.lamport());
        out.writeVarUint(m.type().ordinal());
        if (m.value() != null) {
            out.writeString(m.value());
        }
        if (m.startRep() != Run.NONE) {
            out.writeVarUint(table.indexOf(m.startRep()));
            out.writeVarUint(m.startCtr());
        }
        if (m.endRep() != Run.NONE) {
            out.writeVarUint(table.indexOf(m.endRep()));
            out.writeVarUint(m.endCtr());
        }
    }

    static MarkOp readMark(ByteReader in, int header, int[] table, int replica, int counter) {
        int lamport = in.readInt(Integer.MAX_VALUE, "lamport");
        MarkType type = MarkType.fromCode(in.readInt(255, "mark type"), in);
        String value = (header & 1 << 2) != 0 ? in.readString() : null;
        int startRep = Run.NONE;
        int startCtr = 0;
        if ((header & 1 << 5) != 0) {
            startRep = readReplica(in, table);
            startCtr = in.readInt(Integer.MAX_VALUE, "counter");
        }
        int endRep = Run.NONE;
        int endCtr = 0;
        if ((header & 1 << 6) != 0) {
            endRep = readReplica(in, table);
            endCtr = in.readInt(Integer.MAX_VALUE, "counter");
        }
        return new MarkOp(replica, counter, lamport, type, value, startRep, startCtr, (header & 1 << 3) != 0,
                endRep, endCtr, (header & 1 << 4) != 0);
    }

    static void writeRegister(ByteWriter out, ReplicaTable table, RegisterOp g) {
        out.writeByte(STRUCT_REGISTER | (g.posRep() != Run.NONE ? 1 << 2 : 0));
        out.writeVarUint(g.lamport());
        out.writeString(g.element());
        if (g.posRep() != Run.NONE) {
            out.writeVarUint(table.indexOf(g.posRep()));
            out.writeVarUint(g.posCtr());
        }
    }

    static RegisterOp readRegister(ByteReader in, int header, int[] table, int replica, int counter) {
        int lamport = in.readInt(Integer.MAX_VALUE, "lamport");
        String element = in.readString();
        int posRep = Run.NONE;
        int posCtr = 0;
        if ((header & 1 << 2) != 0) {
            posRep = readReplica(in, table);
            posCtr = in.readInt(Integer.MAX_VALUE, "counter");
        }
        return new RegisterOp(replica, counter, lamport, element, posRep, posCtr);
    }

    static void writeOther(ByteWriter out, ReplicaTable table, Op op) {
        switch (op) {
            case MarkOp m -> writeMark(out, table, m);
            case RegisterOp g -> writeRegister(out, table, g);
            case Op.RunOp r -> throw new IllegalStateException("runs are written by their codec");
        }
    }

    static Op readOther(ByteReader in, int header, int[] table, int replica, int counter) {
        return switch (header & 3) {
            case STRUCT_MARK -> readMark(in, header, table, replica, counter);
            case STRUCT_REGISTER -> readRegister(in, header, table, replica, counter);
            default -> throw in.fail("unknown struct kind " + (header & 3));
        };
    }

    /** Deleted ranges of the whole document, per replica, sorted and merged. */
    static Map<Integer, List<int[]>> deleteSet(Sequence seq) {
        Map<Integer, List<int[]>> byReplica = new HashMap<>();
        for (RunTree.Leaf leaf = seq.tree.firstLeaf(); leaf != null; leaf = leaf.next) {
            for (int i = 0; i < leaf.size; i++) {
                Run r = leaf.runs[i];
                if (r.deleted) {
                    byReplica.computeIfAbsent(r.replica, k -> new ArrayList<>()).add(new int[]{r.counter, r.len});
                }
            }
        }
        for (List<int[]> ranges : byReplica.values()) {
            ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
            int w = 0;
            for (int[] range : ranges) {
                if (w > 0 && ranges.get(w - 1)[0] + ranges.get(w - 1)[1] == range[0]) {
                    ranges.get(w - 1)[1] += range[1];
                } else {
                    ranges.set(w++, range);
                }
            }
            ranges.subList(w, ranges.size()).clear();
        }
        return byReplica;
    }

    static void writeDeletes(ByteWriter out, ReplicaTable table, Map<Integer, List<int[]>> deletes) {
        List<Integer> reps = new ArrayList<>(deletes.keySet());
        reps.sort(null);
        out.writeVarUint(reps.size());
        for (int rep : reps) {
            List<int[]> ranges = deletes.get(rep);
            out.writeVarUint(table.indexOf(rep));
            out.writeVarUint(ranges.size());
            int prevEnd = 0;
            for (int[] range : ranges) {
                out.writeVarUint(range[0] - prevEnd);
                out.writeVarUint(range[1]);
                prevEnd = range[0] + range[1];
            }
        }
    }

    static List<DeleteRange> readDeletes(ByteReader in, int[] table) {
        int groups = in.readCount("delete groups");
        List<DeleteRange> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int rep = readReplica(in, table);
            int n = in.readCount("delete ranges");
            long prevEnd = 0;
            for (int i = 0; i < n; i++) {
                long start = prevEnd + in.readInt(Integer.MAX_VALUE, "delete offset");
                int len = in.readInt(Integer.MAX_VALUE, "delete length");
                if (len == 0 || start + len > Integer.MAX_VALUE) {
                    throw in.fail("invalid delete range");
                }
                out.add(new DeleteRange(rep, (int) start, len));
                prevEnd = start + len;
            }
        }
        return out;
    }
}
