package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list of element ids (e.g. todo item ids) with move, after Kleppmann, "Moving
 * elements in list CRDTs" (PaPoC 2020): positions are characters of a Fugue sequence,
 * and each element has a last-writer-wins register naming its current position. A move
 * inserts a new position and overwrites the register, so under concurrent moves the
 * element ends up at exactly one of the new positions: never duplicated, never lost.
 * Positions that lost the register race stay in the sequence but are not shown.
 *
 * <p>Index lookups walk the list (O(n)); the lists this serves hold tens to hundreds of items.
 */
public final class ListDoc extends CrdtDoc {
    private static final String POSITION = "\u2022";
    private final Map<String, RegisterOp> registers = new HashMap<>();
    private final Map<Long, String> elementAt = new HashMap<>();

    /** An empty list replica with default {@link Limits}; {@code replicaId} must be unique in the document. */
    public ListDoc(int replicaId) {
        this(replicaId, Limits.defaults());
    }

    /** An empty list replica with the given limits. */
    public ListDoc(int replicaId, Limits limits) {
        super(replicaId, limits);
    }

    /** A new replica holding the state of {@code snapshot} (loaded directly, no replay). */
    public static ListDoc fromSnapshot(int replicaId, byte[] snapshot) {
        ListDoc doc = new ListDoc(replicaId);
        doc.applyUpdate(snapshot);
        return doc;
    }

    /** The elements in list order. */
    public List<String> elements() {
        List<String> out = new ArrayList<>();
        forEachLive((element, seqIndex) -> out.add(element));
        return out;
    }

    /** Number of elements. */
    public int size() {
        return elements().size();
    }

    /** Whether {@code element} is currently in the list. */
    public boolean contains(String element) {
        RegisterOp g = registers.get(element);
        return g != null && g.posRep() != Run.NONE && elementAt.containsKey(key(g.posRep(), g.posCtr()))
                && !seq.findRun(g.posRep(), g.posCtr()).deleted;
    }

    /** Inserts a new element at {@code index}; ids must be unique within the list. */
    public void insert(int index, String element) {
        Objects.checkIndex(index, size() + 1);
        if (contains(element)) {
            throw new IllegalArgumentException("element already in the list: " + element);
        }
        local(() -> placeAt(index, element));
    }

    /** Moves the element at {@code from} so that it ends up at index {@code to}. */
    public void move(int from, int to) {
        List<String> els = elements();
        Objects.checkIndex(from, els.size());
        Objects.checkIndex(to, els.size());
        String element = els.get(from);
        local(() -> {
            deletePosition(element);
            placeAt(to, element);
        });
    }

    /** Removes the element at {@code index}; a concurrent move of it may win (last writer wins). */
    public void remove(int index) {
        List<String> els = elements();
        Objects.checkIndex(index, els.size());
        String element = els.get(index);
        local(() -> {
            deletePosition(element);
            seq.localOp(new RegisterOp(seq.localReplica, seq.local.next, seq.lamport + 1, element, Run.NONE, 0));
            seq.emitOther(new ChangeEvent.ListChanged(true));
        });
    }

    private void placeAt(int index, String element) {
        int seqIndex = sequenceIndexFor(index);
        Run run = seq.localInsert(seqIndex, POSITION);
        int ctr = seq.local.next - 1;
        seq.localOp(new RegisterOp(seq.localReplica, seq.local.next, seq.lamport + 1, element, run.replica, ctr));
        seq.emitOther(new ChangeEvent.ListChanged(true));
    }

    /** Sequence index just after the live element {@code index - 1} (0 for the front). */
    private int sequenceIndexFor(int index) {
        if (index == 0) {
            return 0;
        }
        int[] found = {-1};
        int[] count = {0};
        forEachLive((element, seqIndex) -> {
            if (count[0]++ == index - 1) {
                found[0] = seqIndex + 1;
            }
        });
        return found[0];
    }

    private void deletePosition(String element) {
        RegisterOp g = registers.get(element);
        Run r = seq.findRun(g.posRep(), g.posCtr());
        if (!r.deleted) {
            seq.localDelete(seq.tree.visiblePosition(r) + (g.posCtr() - r.counter), 1);
        }
    }

    private interface LiveVisitor {
        void visit(String element, int seqIndex);
    }

    private void forEachLive(LiveVisitor visitor) {
        int seqIndex = 0;
        for (RunTree.Leaf leaf = seq.tree.firstLeaf(); leaf != null; leaf = leaf.next) {
            for (int i = 0; i < leaf.size; i++) {
                Run r = leaf.runs[i];
                if (r.deleted) {
                    continue;
                }
                for (int k = 0; k < r.len; k++, seqIndex++) {
                    String element = elementAt.get(key(r.replica, r.counter + k));
                    if (element != null) {
                        visitor.visit(element, seqIndex);
                    }
                }
            }
        }
    }

    private static long key(int rep, int ctr) {
        return ((long) rep << 32) | (ctr & 0xFFFFFFFFL);
    }

    @Override
    void onOp(Op op, boolean local) {
        if (!(op instanceof RegisterOp g) || !g.wins(registers.get(g.element()))) {
            return;
        }
        RegisterOp old = registers.put(g.element(), g);
        if (old != null && old.posRep() != Run.NONE) {
            elementAt.remove(key(old.posRep(), old.posCtr()));
        }
        if (g.posRep() != Run.NONE) {
            elementAt.put(key(g.posRep(), g.posCtr()), g.element());
        }
        if (!local) {
            seq.emitOther(new ChangeEvent.ListChanged(false));
        }
    }

    @Override
    void afterSnapshotLoad() {
        seq.emitOther(new ChangeEvent.ListChanged(false));
    }
}
