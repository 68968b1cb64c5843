package io.juntos.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark client editing the list: its precomputed updates (update k is the k-th
 * character it types into its own item's notes), when each was first sent, what was
 * acknowledged, and what it received from every other client. Receiving runs on the socket's
 * listener thread; sending on the generator's thread.
 */
abstract class ListsEditor {
    final int index;
    final long[] sentAt;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger acked = new AtomicInteger();
    final AtomicLong refused = new AtomicLong();
    final int[] receivedFrom;
    volatile LogHistogram latencies = new LogHistogram();
    volatile String closed;

    ListsEditor(int index, int clients, int updates) {
        this.index = index;
        this.sentAt = new long[updates];
        this.receivedFrom = new int[clients];
    }

    int capacity() {
        return sentAt.length;
    }

    /** Sends this client's next update; false when it has typed everything it had. */
    boolean sendNext() {
        int k = next.get();
        if (k >= sentAt.length || closed != null) return false;
        next.set(k + 1);
        sentAt[k] = System.nanoTime();
        transmit(k);
        return true;
    }

    abstract void transmit(int k);

    /** An update of {@code sender}'s (its {@code k}-th) arrived here. */
    void received(ListsEditor sender, int k, long now) {
        receivedFrom[sender.index]++;
        long at = sender.sentAt[k];
        if (at != 0) latencies.record((now - at) / 1000);
    }

    LogHistogram swapLatencies() {
        LogHistogram h = latencies;
        latencies = new LogHistogram();
        return h;
    }
}
