package io.juntos.crdt;

/** Test helper: full two-way synchronisation through the public update API. */
final class Replicas {
    private Replicas() {
    }

    static void sync(CrdtDoc a, CrdtDoc b) {
        byte[] toB = a.encodeUpdateSince(b.version());
        byte[] toA = b.encodeUpdateSince(a.version());
        b.applyUpdate(toB);
        a.applyUpdate(toA);
    }

    static void syncAll(CrdtDoc... docs) {
        for (CrdtDoc a : docs) {
            for (CrdtDoc b : docs) {
                if (a != b) {
                    b.applyUpdate(a.encodeUpdateSince(b.version()));
                }
            }
        }
    }
}
