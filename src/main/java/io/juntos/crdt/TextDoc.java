package io.juntos.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collaborative text with formatting: a Fugue sequence of characters plus Peritext-style
 * marks. Indexes count UTF-16 code units, the same in Java and in the JavaScript twin.
 *
 * <pre>{@code
 * TextDoc a = new TextDoc(1), b = new TextDoc(2);
 * a.insert(0, "hello");
 * b.applyUpdate(a.encodeUpdateSince(b.version()));
 * }</pre>
 */
public final class TextDoc extends CrdtDoc {
    private final List<MarkOp> marks = new ArrayList<>();

    /** An empty replica with default {@link Limits}; {@code replicaId} must be unique in the document. */
    public TextDoc(int replicaId) {
        this(replicaId, Limits.defaults());
    }

    /** An empty replica with the given limits. */
    public TextDoc(int replicaId, Limits limits) {
        super(replicaId, limits);
    }

    /** A new replica holding the state of {@code snapshot} (loaded directly, no replay). */
    public static TextDoc fromSnapshot(int replicaId, byte[] snapshot) {
        TextDoc doc = new TextDoc(replicaId);
        doc.applyUpdate(snapshot);
        return doc;
    }

    /** Visible length in UTF-16 code units. */
    public int length() {
        return seq.tree.visibleLength();
    }

    /** The visible text. */
    public String text() {
        return seq.text();
    }

    /** Inserts {@code text} before visible index {@code index} (0..length). */
    public void insert(int index, String text) {
        Objects.checkIndex(index, length() + 1);
        if (!text.isEmpty()) {
            local(() -> seq.localInsert(index, text));
        }
    }

    /** Deletes {@code length} characters from visible index {@code index}; they stay as tombstones. */
    public void delete(int index, int length) {
        Objects.checkFromIndexSize(index, length, length());
        if (length > 0) {
            local(() -> seq.localDelete(index, length));
        }
    }

    /**
     * Formats {@code [index, index+length)}. {@code value} null removes the mark; boolean
     * marks take any non-null value (use {@code "true"}), links take the URL.
     */
    public void format(int index, int length, MarkType type, String value) {
        Objects.checkFromIndexSize(index, length, length());
        if (length > 0) {
            local(() -> addMark(index, length, type, value));
        }
    }

    private void addMark(int index, int length, MarkType type, String value) {
        Run first = seq.tree.runAtVisible(index);
        int startCtr = first.counter + seq.tree.foundOffset;
        Run last = seq.tree.runAtVisible(index + length - 1);
        int lastCtr = last.counter + seq.tree.foundOffset;
        int endRep = last.replica;
        int endCtr = lastCtr;
        boolean endAfter = true;
        if (type.expandsAtEnd()) {
            // Peritext §3.3: anchor before the next character so text typed at the end joins the span.
            endAfter = false;
            if (lastCtr < last.end() - 1) {
                endCtr = lastCtr + 1;
            } else {
                Run next = seq.tree.next(last);
                endRep = next == null ? Run.NONE : next.replica;
                endCtr = next == null ? 0 : next.counter;
            }
        }
        String v = value == null ? null : (type.hasValue() ? value : "true");
        seq.localOp(new MarkOp(seq.localReplica, seq.local.next, seq.lamport + 1, type, v,
                first.replica, startCtr, false, endRep, endCtr, endAfter));
        seq.emitOther(new ChangeEvent.Formatted(type, v, true));
    }

    /** The text as maximal stretches of equal formatting. */
    public List<Span> spans() {
        return MarkResolver.spans(seq, marks);
    }

    @Override
    void onOp(Op op, boolean local) {
        if (op instanceof MarkOp m) {
            marks.add(m);
            if (!local) {
                seq.emitOther(new ChangeEvent.Formatted(m.type(), m.value(), false));
            }
        }
    }

    @Override
    void afterSnapshotLoad() {
        if (length() > 0) {
            seq.emitOther(new ChangeEvent.Inserted(0, text(), false));
        }
    }
}
