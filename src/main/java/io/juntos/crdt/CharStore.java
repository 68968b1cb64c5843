package io.juntos.crdt;

import java.util.Arrays;

/**
 * The characters one replica inserted, indexed by counter. Runs point into it instead of
 * owning strings, so splitting a run copies nothing. Pages are allocated only when text
 * arrives: tombstones loaded from a snapshot (no text) and hostile counters cost no memory.
 */
final class CharStore {
    private static final int PAGE_BITS = 12;
    private static final int PAGE = 1 << PAGE_BITS;
    private char[][] pages = new char[1][];

    void put(int counter, String text, int from, int to) {
        while (from < to) {
            int off = counter & (PAGE - 1);
            int n = Math.min(to - from, PAGE - off);
            text.getChars(from, from + n, page(counter >>> PAGE_BITS), off);
            from += n;
            counter += n;
        }
    }

    void appendTo(StringBuilder sb, int counter, int len) {
        int end = counter + len;
        while (counter < end) {
            int p = counter >>> PAGE_BITS;
            int off = counter & (PAGE - 1);
            int n = Math.min(end - counter, PAGE - off);
            char[] page = p < pages.length ? pages[p] : null;
            if (page == null) {
                sb.repeat('\uFFFD', n);
            } else {
                sb.append(page, off, n);
            }
            counter += n;
        }
    }

    private char[] page(int p) {
        if (p >= pages.length) {
            pages = Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
        }
        char[] page = pages[p];
        if (page == null) {
            page = new char[PAGE];
            pages[p] = page;
        }
        return page;
    }
}
