package io.juntos.lists;

import io.juntos.http.ApiException;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The server's replica of each list in use: loaded from the stored snapshot plus the log after it,
 * kept in memory while someone has the list open, evicted when idle. Each list has one writer
 * (its lock): updates are validated, applied, committed and sequenced one at a time in arrival
 * order, so the replica, the log and the seqs agree. A list with too many writers waiting refuses
 * more ({@code overloaded}, retried by the client) rather than queueing without bound.
 */
final class ListReplicas {
    private final Jdbi jdbi;
    private final ListStore store;
    private final ListsConfig cfg;
    private final ItemRules rules;
    private final Clock clock;
    private final Map<String, Replica> replicas = new ConcurrentHashMap<>();

    ListReplicas(Jdbi jdbi, ListStore store, ListsConfig cfg, ItemRules rules, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.cfg = cfg;
        this.rules = rules;
        this.clock = clock;
    }

    /** One list's replica and its writer lock. Fields are read and written only under {@code lock}. */
    static final class Replica {
        final String listId;
        final ReentrantLock lock = new ReentrantLock();
        final AtomicInteger waiting = new AtomicInteger();
        ListDocument doc;
        int replicaId;
        long seq;
        long compactedSeq;
        /** Members and roles, read from the store on first use and dropped (under the lock) when they change. */
        Map<String, String> roles;
        volatile long usedAt;

        Replica(String listId) {
            this.listId = listId;
        }
    }

    /**
     * Runs {@code work} as the list's one writer, on a loaded replica. If it throws, the replica is
     * dropped (the next use reloads it from the store): what failed to commit must not linger in memory.
     */
    <T> T withReplica(String listId, Function<Replica, T> work) {
        return withReplica(listId, true, work);
    }

    /**
     * As {@link #withReplica(String, Function)}; {@code bounded} false for reads, which are never
     * refused: a REST write's answer is read after its commit and must not turn into an error.
     */
    <T> T withReplica(String listId, boolean bounded, Function<Replica, T> work) {
        Replica r = replicas.computeIfAbsent(listId, Replica::new);
        if (r.waiting.incrementAndGet() > cfg.maxPending() && bounded) {
            r.waiting.decrementAndGet();
            throw new ApiException(503, "overloaded", "Too many updates are waiting for this list; send this one again shortly.",
                    java.util.List.of(), Duration.ofMillis(cfg.retryAfterMs()));
        }
        r.lock.lock();
        try {
            if (replicas.get(listId) != r) return withReplica(listId, bounded, work); // evicted while we waited
            if (r.doc == null) load(r);
            r.usedAt = clock.millis();
            return work.apply(r);
        } catch (RuntimeException e) {
            if (!(e instanceof ApiException) && !(e instanceof Refused)) replicas.remove(listId, r);
            throw e;
        } finally {
            r.waiting.decrementAndGet();
            r.lock.unlock();
        }
    }

    private void load(Replica r) {
        var stored = jdbi.withHandle(h -> store.document(h, r.listId)).orElseThrow(ListsException::notFound);
        int id = jdbi.inTransaction(h -> store.nextReplica(h, r.listId));
        ListDocument doc = new ListDocument(id, cfg.listLimits(), rules);
        if (stored.snapshot() != null) doc.load(stored.snapshot());
        long seq = stored.snapshotSeq();
        while (true) {
            long after = seq;
            var page = jdbi.withHandle(h -> store.log(h, r.listId, after, 500));
            for (var u : page) {
                doc.replay(u.update());
                seq = u.seq();
            }
            if (page.size() < 500) break;
        }
        r.doc = doc;
        r.replicaId = id;
        r.seq = seq;
        r.compactedSeq = stored.snapshotSeq();
    }

    /** Writes a snapshot when enough updates piled up since the last one; called by the writer after a commit. */
    void maybeCompact(Replica r) {
        if (r.seq - r.compactedSeq < cfg.compactEvery()) return;
        byte[] snap = r.doc.snapshot();
        long seq = r.seq;
        jdbi.useTransaction(h -> store.compact(h, r.listId, snap, seq, seq - cfg.keepLog()));
        r.compactedSeq = seq;
    }

    /**
     * Forgets a list's cached roles as its writer, so no update is accepted under the old ones once
     * this returns (a removed member stops at once).
     */
    void membersChanged(String listId) {
        Replica r = replicas.get(listId);
        if (r == null) return;
        r.lock.lock();
        try {
            r.roles = null;
        } finally {
            r.lock.unlock();
        }
    }

    /** Drops a list's replica (trash, purge): its next use reloads it. */
    void evict(String listId) {
        replicas.remove(listId);
    }

    /** Drops replicas unused for the idle time whose list nobody has open; compacts them first. */
    void sweep(Predicate<String> inUse) {
        long cutoff = clock.millis() - cfg.replicaIdle().toMillis();
        for (Replica r : replicas.values()) {
            if (r.usedAt > cutoff || inUse.test(r.listId) || !r.lock.tryLock()) continue;
            try {
                if (r.doc != null && r.seq > r.compactedSeq) {
                    byte[] snap = r.doc.snapshot();
                    jdbi.useTransaction(h -> store.compact(h, r.listId, snap, r.seq, r.seq - cfg.keepLog()));
                }
                replicas.remove(r.listId, r);
            } finally {
                r.lock.unlock();
            }
        }
    }

    int loaded() {
        return replicas.size();
    }
}
