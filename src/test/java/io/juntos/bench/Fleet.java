package io.juntos.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All the clients of one run against one server: opens and closes them in bounded batches, holds
 * the {@link Tally} they report into, and notices sockets the server closed.
 */
final class Fleet implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int IN_FLIGHT = 64;

    private final Wire wire;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("bench-ws-", 0).factory());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
    private final AtomicInteger unexpectedCloses = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> closeReasons = new ConcurrentLinkedQueue<>();
    private volatile Tally tally = Tally.idle();
    private volatile boolean closing;

    Fleet(Wire wire) {
        this.wire = wire;
    }

    Tally tally() {
        return tally;
    }

    void tally(Tally t) {
        tally = t;
    }

    /** Opens one client per member, at most {@value IN_FLIGHT} handshakes at a time; fails if any fails. */
    List<BenchClient> open(List<Member> members) throws InterruptedException {
        var gate = new Semaphore(IN_FLIGHT);
        var pending = new ArrayList<CompletableFuture<BenchClient>>(members.size());
        for (Member m : members) {
            gate.acquire();
            var f = BenchClient.open(http, m, wire, this, CONNECT_TIMEOUT);
            f.whenComplete((c, e) -> gate.release());
            pending.add(f);
        }
        var clients = new ArrayList<BenchClient>(members.size());
        for (var f : pending) clients.add(f.join());
        return clients;
    }

    void closeAll(List<BenchClient> clients) throws InterruptedException {
        closing = true;
        clients.forEach(BenchClient::close);
        Thread.sleep(2000);
        closing = false;
    }

    void closed(Member m, int code, String reason, boolean wasReady) {
        if (closing || !wasReady) return;
        unexpectedCloses.incrementAndGet();
        if (closeReasons.size() < 5) closeReasons.add("client " + m.index() + ": " + code + " " + reason);
    }

    int unexpectedCloses() {
        return unexpectedCloses.get();
    }

    List<String> closeReasons() {
        return List.copyOf(closeReasons);
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
