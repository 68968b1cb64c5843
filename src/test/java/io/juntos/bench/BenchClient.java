package io.juntos.bench;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket client of the scenario (JDK {@code java.net.http}). Sends go through a queue
 * because the JDK allows one outstanding send per socket; frames are handed to the {@link Wire}
 * and the outcome recorded in the current {@link Tally}.
 */
final class BenchClient implements WebSocket.Listener {
    private final Member member;
    private final Wire wire;
    private final Fleet fleet;
    private final CompletableFuture<BenchClient> ready = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicLong requests = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private BenchClient(Member member, Wire wire, Fleet fleet) {
        this.member = member;
        this.wire = wire;
        this.fleet = fleet;
    }

    /** Opens the socket; completes when the server says the client may send. */
    static CompletableFuture<BenchClient> open(HttpClient http, Member member, Wire wire, Fleet fleet, Duration timeout) {
        var client = new BenchClient(member, wire, fleet);
        var builder = http.newWebSocketBuilder().connectTimeout(timeout);
        var protocols = wire.subprotocols(member);
        if (!protocols.isEmpty()) builder.subprotocols(protocols.getFirst(), protocols.subList(1, protocols.size()).toArray(String[]::new));
        builder.buildAsync(wire.uri(), client).whenComplete((ws, e) -> {
            if (e != null) client.ready.completeExceptionally(e);
        });
        return client.ready.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    Member member() {
        return member;
    }

    /** Sends one message whose text is {@code text}. */
    void sendMessage(String text) {
        send(wire.send(member, requests.incrementAndGet(), text));
    }

    void close() {
        WebSocket ws = socket;
        if (ws == null) return;
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .whenComplete((w, e) -> ws.abort());
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
        } else if (partial.isEmpty()) {
            onFrame(data.toString());
        } else {
            partial.append(data);
            String frame = partial.toString();
            partial.setLength(0);
            onFrame(frame);
        }
        ws.request(1);
        return null;
    }

    private void onFrame(String frame) {
        Tally tally = fleet.tally();
        switch (wire.read(member, frame)) {
            case Inbound.Ready r -> ready.complete(this);
            case Inbound.Reply r -> send(r.reply());
            case Inbound.Ack a -> tally.acked(a.text());
            case Inbound.Delivery d -> tally.delivered(member.index(), d.text());
            case Inbound.Refused r -> {
                if (!ready.isDone()) ready.completeExceptionally(new IllegalStateException("refused: " + r.frame()));
                tally.refused(r.frame());
            }
            case Inbound.Other o -> tally.others.increment();
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        fleet.closed(member, statusCode, reason, ready.isDone());
        ready.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        fleet.closed(member, 1006, String.valueOf(error), ready.isDone());
        ready.completeExceptionally(error);
    }

    private void send(String frame) {
        outbox.add(frame);
        flush();
    }

    // One send in flight per socket (a JDK rule); whoever finishes a send starts the next.
    private void flush() {
        while (!outbox.isEmpty() && sending.compareAndSet(false, true)) {
            String next = outbox.poll();
            if (next == null) {
                sending.set(false);
                continue;
            }
            socket.sendText(next, true).whenComplete((w, e) -> {
                sending.set(false);
                if (e == null) flush();
            });
            return;
        }
    }
}
