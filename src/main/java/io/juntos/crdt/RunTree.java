package io.juntos.crdt;

import java.util.List;

/**
 * B+tree of runs in document order. Every node keeps the visible and total (with
 * tombstones) character counts of its subtree, so a visible index finds its run, and a
 * run finds its absolute position, in O(log n). Leaves are linked for ordered scans.
 */
final class RunTree {
    static final int LEAF_MAX = 64;
    static final int INNER_MAX = 32;

    abstract static sealed class Node permits Leaf, Inner {
        Inner parent;
        int vis;
        int tot;
    }

    static final class Leaf extends Node {
        final Run[] runs = new Run[LEAF_MAX];
        int size;
        Leaf next;
        Leaf prev;
    }

    static final class Inner extends Node {
        final Node[] kids = new Node[INNER_MAX];
        int size;
    }

    private Node root = new Leaf();
    private Leaf head = (Leaf) root;
    /** Offset inside the run returned by the last {@link #runAtVisible} call. */
    int foundOffset;

    int visibleLength() {
        return root.vis;
    }

    int totalLength() {
        return root.tot;
    }

    boolean isEmpty() {
        return root.tot == 0 && head.size == 0;
    }

    Run first() {
        return head.size == 0 ? null : head.runs[0];
    }

    Leaf firstLeaf() {
        return head;
    }

    /** The visible run holding visible index {@code index}; its offset goes to {@link #foundOffset}. */
    Run runAtVisible(int index) {
        Node node = root;
        while (node instanceof Inner inner) {
            int i = 0;
            while (index >= inner.kids[i].vis) {
                index -= inner.kids[i].vis;
                i++;
            }
            node = inner.kids[i];
        }
        Leaf leaf = (Leaf) node;
        for (int i = 0; ; i++) {
            Run r = leaf.runs[i];
            if (!r.deleted) {
                if (index < r.len) {
                    foundOffset = index;
                    return r;
                }
                index -= r.len;
            }
        }
    }

    Run next(Run r) {
        Leaf leaf = r.leaf;
        int i = indexIn(leaf, r);
        if (i + 1 < leaf.size) {
            return leaf.runs[i + 1];
        }
        return leaf.next == null ? null : leaf.next.runs[0];
    }

    Run prev(Run r) {
        Leaf leaf = r.leaf;
        int i = indexIn(leaf, r);
        if (i > 0) {
            return leaf.runs[i - 1];
        }
        return leaf.prev == null ? null : leaf.prev.runs[leaf.prev.size - 1];
    }

    /** Absolute position (tombstones included) of the first character of {@code r}. */
    int position(Run r) {
        return prefix(r, false);
    }

    /** Visible index of the first character of {@code r} (its own visibility aside). */
    int visiblePosition(Run r) {
        return prefix(r, true);
    }

    private int prefix(Run r, boolean visibleOnly) {
        Leaf leaf = r.leaf;
        int p = 0;
        for (int i = 0; leaf.runs[i] != r; i++) {
            p += visibleOnly ? leaf.runs[i].visible() : leaf.runs[i].len;
        }
        Node child = leaf;
        for (Inner parent = leaf.parent; parent != null; child = parent, parent = parent.parent) {
            for (int i = 0; parent.kids[i] != child; i++) {
                p += visibleOnly ? parent.kids[i].vis : parent.kids[i].tot;
            }
        }
        return p;
    }

    /** Inserts {@code run} right after {@code ref}, or at the very start when {@code ref} is null. */
    void insertAfter(Run ref, Run run) {
        if (ref == null) {
            insertAt(head, 0, run);
        } else {
            insertAt(ref.leaf, indexIn(ref.leaf, ref) + 1, run);
        }
    }

    /** Inserts {@code run} right before {@code ref}, or at the very end when {@code ref} is null. */
    void insertBefore(Run ref, Run run) {
        if (ref == null) {
            Leaf last = lastLeaf();
            insertAt(last, last.size, run);
        } else {
            insertAt(ref.leaf, indexIn(ref.leaf, ref), run);
        }
    }

    /** Splits {@code r} so that its first {@code offset} characters stay; returns the tail run. */
    Run split(Run r, int offset) {
        int tailLen = r.len - offset;
        Run tail = new Run(r.replica, r.counter + offset, tailLen, r.replica, r.counter + offset - 1, r.rightRep, r.rightCtr);
        tail.deleted = r.deleted;
        tail.idNext = r.idNext;
        r.idNext = tail;
        r.len = offset;
        addCounts(r.leaf, -tail.visible(), -tailLen);
        insertAt(r.leaf, indexIn(r.leaf, r) + 1, tail);
        return tail;
    }

    void extend(Run r, int n) {
        r.len += n;
        addCounts(r.leaf, r.deleted ? 0 : n, n);
    }

    void markDeleted(Run r) {
        if (!r.deleted) {
            r.deleted = true;
            addCounts(r.leaf, -r.len, 0);
        }
    }

    /**
     * Merges {@code b} into {@code a} when {@code b} is the next piece of the same inserted
     * run ({@code a.idNext == b}), adjacent in the document and alike in deletion. Without
     * this every backspace would leave a one-character tombstone run behind.
     */
    boolean absorbNext(Run a, Run b) {
        if (b == null || a.idNext != b || a.deleted != b.deleted || next(a) != b) {
            return false;
        }
        addCounts(b.leaf, -b.visible(), -b.len);
        removeAt(b.leaf, indexIn(b.leaf, b));
        a.len += b.len;
        a.idNext = b.idNext;
        addCounts(a.leaf, a.deleted ? 0 : b.len, b.len);
        b.len = 0; // b is gone; a zero length keeps stale references (lookup hints) from matching it
        return true;
    }

    /** Takes {@code r} out of the document (undoing its insertion). */
    void remove(Run r) {
        addCounts(r.leaf, -r.visible(), -r.len);
        removeAt(r.leaf, indexIn(r.leaf, r));
        r.len = 0; // stale references (lookup hints) must not match it
    }

    private void removeAt(Leaf leaf, int index) {
        System.arraycopy(leaf.runs, index + 1, leaf.runs, index, leaf.size - index - 1);
        leaf.runs[--leaf.size] = null;
        // The last leaf stays, empty, so the tree always has a head.
        if (leaf.size == 0 && leaf != root && (leaf.prev != null || leaf.next != null)) {
            if (leaf.prev != null) {
                leaf.prev.next = leaf.next;
            } else {
                head = leaf.next;
            }
            if (leaf.next != null) {
                leaf.next.prev = leaf.prev;
            }
            removeChild(leaf);
        }
    }

    /** Unhooks an empty node (its counts are already zero) and any parent it leaves empty. */
    private void removeChild(Node child) {
        Inner parent = child.parent;
        int i = 0;
        while (parent.kids[i] != child) {
            i++;
        }
        System.arraycopy(parent.kids, i + 1, parent.kids, i, parent.size - i - 1);
        parent.kids[--parent.size] = null;
        if (parent.size == 0 && parent != root) {
            removeChild(parent);
        }
    }

    /** Builds the tree of an empty document from runs already in document order (snapshot load). */
    void bulkLoad(List<Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        int fill = LEAF_MAX * 3 / 4;
        Node[] level = new Node[(runs.size() + fill - 1) / fill];
        Leaf prev = null;
        for (int li = 0; li < level.length; li++) {
            Leaf leaf = new Leaf();
            int from = li * fill;
            int to = Math.min(runs.size(), from + fill);
            for (int i = from; i < to; i++) {
                Run r = runs.get(i);
                r.leaf = leaf;
                leaf.runs[leaf.size++] = r;
                leaf.vis += r.visible();
                leaf.tot += r.len;
            }
            leaf.prev = prev;
            if (prev != null) {
                prev.next = leaf;
            }
            prev = leaf;
            level[li] = leaf;
        }
        head = (Leaf) level[0];
        int innerFill = INNER_MAX * 3 / 4;
        while (level.length > 1) {
            Node[] up = new Node[(level.length + innerFill - 1) / innerFill];
            for (int ui = 0; ui < up.length; ui++) {
                Inner inner = new Inner();
                for (int i = ui * innerFill; i < Math.min(level.length, (ui + 1) * innerFill); i++) {
                    adopt(inner, level[i]);
                }
                up[ui] = inner;
            }
            level = up;
        }
        root = level[0];
    }

    private Leaf lastLeaf() {
        Node n = root;
        while (n instanceof Inner inner) {
            n = inner.kids[inner.size - 1];
        }
        return (Leaf) n;
    }

    private static int indexIn(Leaf leaf, Run r) {
        Run[] runs = leaf.runs;
        int i = 0;
        while (runs[i] != r) {
            i++;
        }
        return i;
    }

    private static void addCounts(Node n, int dVis, int dTot) {
        for (; n != null; n = n.parent) {
            n.vis += dVis;
            n.tot += dTot;
        }
    }

    private void insertAt(Leaf leaf, int index, Run run) {
        if (leaf.size == LEAF_MAX) {
            Leaf right = splitLeaf(leaf);
            if (index > leaf.size) {
                index -= leaf.size;
                leaf = right;
            }
        }
        System.arraycopy(leaf.runs, index, leaf.runs, index + 1, leaf.size - index);
        leaf.runs[index] = run;
        leaf.size++;
        run.leaf = leaf;
        addCounts(leaf, run.visible(), run.len);
    }

    private Leaf splitLeaf(Leaf leaf) {
        Leaf right = new Leaf();
        int keep = leaf.size / 2;
        for (int i = keep; i < leaf.size; i++) {
            Run r = leaf.runs[i];
            right.runs[right.size++] = r;
            r.leaf = right;
            right.vis += r.visible();
            right.tot += r.len;
            leaf.runs[i] = null;
        }
        leaf.size = keep;
        addCounts(leaf, -right.vis, -right.tot);
        right.next = leaf.next;
        if (right.next != null) {
            right.next.prev = right;
        }
        right.prev = leaf;
        leaf.next = right;
        insertSibling(leaf, right);
        return right;
    }

    /**
     * Hangs {@code right} after {@code left} in its parent. Its counts were taken out of
     * {@code left} and its ancestors, and are added back along its new path.
     */
    private void insertSibling(Node left, Node right) {
        Inner parent = left.parent;
        if (parent == null) {
            Inner newRoot = new Inner();
            adopt(newRoot, left);
            adopt(newRoot, right);
            root = newRoot;
            return;
        }
        if (parent.size == INNER_MAX) {
            splitInner(parent);
            parent = left.parent;
        }
        int i = 0;
        while (parent.kids[i] != left) {
            i++;
        }
        System.arraycopy(parent.kids, i + 1, parent.kids, i + 2, parent.size - i - 1);
        parent.kids[i + 1] = right;
        parent.size++;
        right.parent = parent;
        addCounts(parent, right.vis, right.tot);
    }

    private void splitInner(Inner inner) {
        Inner right = new Inner();
        int keep = inner.size / 2;
        for (int i = keep; i < inner.size; i++) {
            Node kid = inner.kids[i];
            right.kids[right.size++] = kid;
            kid.parent = right;
            right.vis += kid.vis;
            right.tot += kid.tot;
            inner.kids[i] = null;
        }
        inner.size = keep;
        addCounts(inner, -right.vis, -right.tot);
        insertSibling(inner, right);
    }

    /** Appends {@code kid} to a node being built, adding its counts. */
    private static void adopt(Inner inner, Node kid) {
        inner.kids[inner.size++] = kid;
        inner.vis += kid.vis;
        inner.tot += kid.tot;
        kid.parent = inner;
    }
}
