package io.juntos.crdt;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable version vector: for each replica, how many of its operation ids (counters
 * {@code 0 .. n-1}) are known. Compact on the wire: a format byte, then varint pairs.
 */
public final class VersionVector {
    /** Version vectors keep format 1: they carry no document content, a damaged one only changes what is resent. */
    static final int FORMAT = 1;
    private static final VersionVector EMPTY = new VersionVector(new int[0], new int[0]);

    private final int[] replicas;
    private final int[] counters;

    private VersionVector(int[] replicas, int[] counters) {
        this.replicas = replicas;
        this.counters = counters;
    }

    /** Knows nothing: the version of an empty replica. */
    public static VersionVector empty() {
        return EMPTY;
    }

    /** Builds a vector from replica → next counter; zero entries are dropped. */
    public static VersionVector of(Map<Integer, Integer> entries) {
        int[] reps = entries.entrySet().stream().filter(e -> e.getValue() > 0).mapToInt(Map.Entry::getKey).sorted().toArray();
        int[] ctrs = new int[reps.length];
        for (int i = 0; i < reps.length; i++) {
            ctrs[i] = entries.get(reps[i]);
            if (reps[i] < 0) {
                throw new IllegalArgumentException("replica ids are non-negative, got " + reps[i]);
            }
        }
        return new VersionVector(reps, ctrs);
    }

    /** Next counter expected from {@code replica}: 0 when nothing of it is known. */
    public int get(int replica) {
        int i = Arrays.binarySearch(replicas, replica);
        return i < 0 ? 0 : counters[i];
    }

    /** Replica → next counter, sorted by replica, non-zero entries only. */
    public Map<Integer, Integer> asMap() {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < replicas.length; i++) {
            m.put(replicas[i], counters[i]);
        }
        return m;
    }

    /** Whether everything known in {@code other} is known here too. */
    public boolean covers(VersionVector other) {
        for (int i = 0; i < other.replicas.length; i++) {
            if (get(other.replicas[i]) < other.counters[i]) {
                return false;
            }
        }
        return true;
    }

    /** Format byte, entry count, then (replica, counter) varint pairs. */
    public byte[] encode() {
        ByteWriter out = new ByteWriter(2 + replicas.length * 6);
        out.writeByte(FORMAT);
        out.writeVarUint(replicas.length);
        for (int i = 0; i < replicas.length; i++) {
            out.writeVarUint(replicas[i]);
            out.writeVarUint(counters[i]);
        }
        return out.toByteArray();
    }

    /** @throws MalformedUpdateException on truncated or inconsistent bytes, {@link UnsupportedFormatException} on an unknown format */
    public static VersionVector decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new UnsupportedFormatException(format);
        }
        int n = in.readCount("version vector size");
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int rep = in.readInt(Integer.MAX_VALUE, "replica id");
            int ctr = in.readInt(Integer.MAX_VALUE, "counter");
            if (m.put(rep, ctr) != null) {
                throw in.fail("replica " + rep + " listed twice");
            }
        }
        if (!in.atEnd()) {
            throw in.fail("trailing bytes after version vector");
        }
        return of(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector v && Arrays.equals(replicas, v.replicas) && Arrays.equals(counters, v.counters);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(replicas) + Arrays.hashCode(counters);
    }

    @Override
    public String toString() {
        return "VersionVector" + asMap();
    }
}
