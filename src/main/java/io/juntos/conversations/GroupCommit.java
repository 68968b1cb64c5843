package io.juntos.conversations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.ToIntFunction;

/**
 * Group commit: items submitted from many threads are written by one writer thread per stripe,
 * as many as have queued up at once in one transaction, and each caller's future completes only
 * after the transaction that holds its item has committed.
 * <p>
 * Batching without a timer: the writer takes the first item as soon as it arrives (a lone message
 * is committed at once, never held back to wait for company) and, with it, whatever else is queued
 * at that moment, up to {@code maxBatch}. Items accumulate only while a commit is in flight, so
 * the wait an item sees is bounded by one commit plus its own, and the batch grows with the load
 * by itself (one fsync serves everyone who arrived during the previous one).
 * <p>
 * A stripe is chosen by {@code stripeOf} (the conversation), so the items of one stripe key are
 * always written in arrival order by the same thread. If the committer throws, the whole batch
 * fails: every future of it completes exceptionally, none with a result.
 */
final class GroupCommit<I, O> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Writes a batch in one transaction; returns one result per item, in order, once committed. */
    @FunctionalInterface
    interface Committer<I, O> {
        List<O> commit(List<I> batch);
    }

    /** Thrown to callers whose item was submitted after {@link #close()}. */
    static final class ClosedException extends RuntimeException {
        ClosedException() {
            super("group commit closed", null, false, false);
        }
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final Committer<I, O> committer;
    private final ToIntFunction<I> stripeOf;
    private final int maxBatch;
    private final List<LinkedBlockingQueue<Pending<I, O>>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    GroupCommit(String name, int stripes, int maxBatch, ToIntFunction<I> stripeOf, Committer<I, O> committer) {
        if (stripes < 1 || maxBatch < 1) throw new IllegalArgumentException("stripes and maxBatch must be at least 1");
        this.committer = committer;
        this.stripeOf = stripeOf;
        this.maxBatch = maxBatch;
        for (int i = 0; i < stripes; i++) {
            var q = new LinkedBlockingQueue<Pending<I, O>>();
            queues.add(q);
            // A platform thread: JDBC drivers (SQLite's native code above all) pin a virtual thread's carrier.
            writers.add(Thread.ofPlatform().name(name + "-" + i).daemon(true).start(() -> run(q)));
        }
    }

    /** Queues an item; the future completes after the commit that holds it, or fails with the batch. */
    CompletableFuture<O> submit(I item) {
        var p = new Pending<I, O>(item, new CompletableFuture<>());
        if (closed) {
            p.result().completeExceptionally(new ClosedException());
            return p.result();
        }
        queues.get(Math.floorMod(stripeOf.applyAsInt(item), queues.size())).add(p);
        // close() may have drained the queue just before the add: do not leave this one hanging.
        if (closed) p.result().completeExceptionally(new ClosedException());
        return p.result();
    }

    private void run(LinkedBlockingQueue<Pending<I, O>> queue) {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops a writer, by its stop marker, so that no write is cut off
            }
            queue.drainTo(batch, maxBatch - 1);
            int marker = indexOfStopMarker(batch);
            if (marker >= 0) {
                // Items behind the marker came after close(): submit() has failed them already.
                batch.subList(marker, batch.size()).clear();
                stop = true;
            }
            if (!batch.isEmpty()) write(batch);
            batch.clear();
        }
        for (Pending<I, O> p; (p = queue.poll()) != null; ) {
            if (p.result() != null) p.result().completeExceptionally(new ClosedException());
        }
    }

    private static int indexOfStopMarker(List<? extends Pending<?, ?>> batch) {
        for (int i = 0; i < batch.size(); i++) if (batch.get(i).result() == null) return i;
        return -1;
    }

    private void write(List<Pending<I, O>> batch) {
        List<O> results;
        try {
            results = committer.commit(batch.stream().map(Pending::item).toList());
            if (results.size() != batch.size()) throw new IllegalStateException("committer returned " + results.size() + " results for " + batch.size() + " items");
        } catch (RuntimeException | Error e) {
            log.warn("group commit of {} items failed: {}", batch.size(), e.toString());
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
    }

    /** Stops taking items; what is queued is still written; waits for the writers to finish. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // Behind everything already queued: those items are still written.
        for (var q : queues) q.add(new Pending<>(null, null));
        for (Thread t : writers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
