package io.juntos.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns anchored marks into spans (Peritext §3): a mark covers the characters between its
 * anchors in document order, tombstones included, so text inserted inside a span later or
 * concurrently is covered too. Per character and mark type the mark with the greatest
 * {@code (lamport, replica)} wins; a null value there means "not formatted".
 */
final class MarkResolver {
    private MarkResolver() {
    }

    private record Range(MarkOp mark, int from, int to) {
    }

    static List<Span> spans(Sequence seq, List<MarkOp> marks) {
        List<Range> ranges = new ArrayList<>(marks.size());
        TreeSet<Integer> cuts = new TreeSet<>();
        for (MarkOp m : marks) {
            int from = anchor(seq, m.startRep(), m.startCtr(), m.startAfter(), 0);
            int to = anchor(seq, m.endRep(), m.endCtr(), m.endAfter(), seq.tree.totalLength());
            if (from < to) {
                ranges.add(new Range(m, from, to));
                cuts.add(from);
                cuts.add(to);
            }
        }
        List<Span> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Map<String, Object> current = null;
        int pos = 0;
        for (RunTree.Leaf leaf = seq.tree.firstLeaf(); leaf != null; leaf = leaf.next) {
            for (int i = 0; i < leaf.size; i++) {
                Run r = leaf.runs[i];
                int at = pos;
                pos += r.len;
                if (r.deleted) {
                    continue;
                }
                while (at < pos) {
                    Integer cut = cuts.higher(at);
                    int segEnd = cut == null ? pos : Math.min(pos, cut);
                    Map<String, Object> active = activeAt(ranges, at);
                    if (current != null && !active.equals(current)) {
                        out.add(new Span(text.toString(), current));
                        text.setLength(0);
                    }
                    current = active;
                    seq.states.get(r.replica).chars.appendTo(text, r.counter + (at - (pos - r.len)), segEnd - at);
                    at = segEnd;
                }
            }
        }
        if (current != null) {
            out.add(new Span(text.toString(), current));
        }
        return out;
    }

    private static int anchor(Sequence seq, int rep, int ctr, boolean after, int ifNone) {
        if (rep == Run.NONE) {
            return ifNone;
        }
        Run r = seq.findRun(rep, ctr);
        return seq.tree.position(r) + (ctr - r.counter) + (after ? 1 : 0);
    }

    private static Map<String, Object> activeAt(List<Range> ranges, int pos) {
        Map<MarkType, MarkOp> winners = new HashMap<>();
        for (Range range : ranges) {
            if (range.from <= pos && pos < range.to && range.mark.wins(winners.get(range.mark.type()))) {
                winners.put(range.mark.type(), range.mark);
            }
        }
        Map<String, Object> active = new HashMap<>();
        winners.forEach((type, m) -> {
            if (m.value() != null) {
                active.put(type.key(), type.hasValue() ? m.value() : Boolean.TRUE);
            }
        });
        return active;
    }
}
