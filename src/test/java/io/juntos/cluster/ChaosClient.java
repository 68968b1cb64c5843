package io.juntos.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.bench.chaos.DeliveryChecker.Acked;
import io.juntos.bench.chaos.DeliveryChecker.Delivered;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One member of a chaos group, as a real client behaves: it connects through the balancer, resumes
 * its conversation from the highest seq it holds, sends one message at a time with a client
 * message id (sent again, same id, after a reconnect or a {@code message_not_saved}), and on any
 * close reconnects (at once after 4012, with backoff otherwise) and resumes. It logs every
 * {@code message.created} it receives, on all its connections, in arrival order, and every ack.
 */
final class ChaosClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.concurrent.Executor VISITS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    final String memberId;
    final String conversationId;
    private final String token;
    private final String lb;
    private final HttpClient http;
    private final Duration pace;
    private final List<Delivered> log = new ArrayList<>();
    private final List<Acked> acks = new ArrayList<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean sending = true;
    private volatile boolean running = true;
    private volatile long highestSeq;
    private volatile long lastAckAt;
    private volatile Connection current;
    private Thread thread;

    ChaosClient(String memberId, String conversationId, String token, String lb, HttpClient http, Duration pace) {
        this.memberId = memberId;
        this.conversationId = conversationId;
        this.token = token;
        this.lb = lb;
        this.http = http;
        this.pace = pace;
    }

    void start() {
        thread = Thread.ofVirtual().name("chaos-" + memberId).start(this::run);
    }

    /** Stops sending new messages; keeps receiving (and reconnecting) until {@link #stop()}. */
    void stopSending() {
        sending = false;
    }

    void stop() throws InterruptedException {
        running = false;
        Connection c = current;
        if (c != null) c.ws.abort();
        thread.join(Duration.ofSeconds(20));
    }

    /** Cuts the socket at once (the storm): the client reconnects and resumes like after any loss. */
    void cut() {
        Connection c = current;
        if (c != null) c.ws.abort();
    }

    String token() {
        return token;
    }

    long highestSeq() {
        return highestSeq;
    }

    long lastAckAt() {
        return lastAckAt;
    }

    boolean connected() {
        Connection c = current;
        return c != null && c.resumed.isDone() && !c.closed.isDone();
    }

    int reconnects() {
        return reconnects.get();
    }

    int sent() {
        return sent.get();
    }

    List<Delivered> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    List<Acked> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    private void run() {
        String pending = null;
        int attempt = 0;
        while (running) {
            Connection c;
            try {
                c = connect();
                attempt = 0;
            } catch (RuntimeException refused) {
                sleep(backoff(attempt++));
                continue;
            }
            current = c;
            pending = sendWhileOpen(c, pending);
            c.ws.abort();
            if (!running) return;
            reconnects.incrementAndGet();
            Integer code = c.closed.getNow(1006);
            // 4012 (draining) means "reconnect now"; anything else backs off first.
            sleep(code == 4012 ? Duration.ofMillis(250 + ThreadLocalRandom.current().nextInt(250)) : backoff(0));
        }
    }

    /** Sends until the connection dies; returns the client id still waiting for its ack (or null). */
    private String sendWhileOpen(Connection c, String pending) {
        while (running && !c.closed.isDone()) {
            if (pending == null && !sending) {
                sleep(Duration.ofMillis(100));
                continue;
            }
            if (pending == null) {
                pending = memberId + "-" + sent.incrementAndGet();
            }
            JsonNode answer;
            try {
                answer = c.request("message.send", Map.of("conversationId", conversationId, "clientMsgId", pending, "text", "chaos " + pending))
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception lostOrSlow) {
                return pending; // sent again with the same id on the next connection
            }
            if (answer.path("type").asText().equals("ack")) {
                JsonNode m = answer.path("data").path("message");
                synchronized (acks) {
                    acks.add(new Acked(conversationId, pending, m.path("seq").asLong()));
                }
                lastAckAt = System.nanoTime();
                pending = null;
                sleep(pace);
            } else {
                // message_not_saved / rate_limited: the same id again after the advised pause.
                sleep(Duration.ofMillis(Math.max(100, answer.path("retryAfterMs").asLong(500))));
            }
        }
        return pending;
    }

    /**
     * One extra socket of this member for the storm: connects, gets {@code ready}, resumes with
     * nothing and leaves. Its frames are not logged (it is not one of the member's devices).
     */
    CompletableFuture<Void> visit() {
        return CompletableFuture.runAsync(() -> {
            var c = new Connection();
            c.visitor = true;
            var opening = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header("Origin", lb)
                    .subprotocols("juntos.v1", "bearer." + token)
                    .buildAsync(URI.create(lb.replaceFirst("^http", "ws") + "/ws"), c);
            try {
                c.ws = opening.get(30, TimeUnit.SECONDS);
            } catch (Exception slow) {
                opening.thenAccept(WebSocket::abort); // one that opens after we gave up must not stay open (a member online for ever)
                throw new IllegalStateException("storm socket did not open", slow);
            }
            try {
                c.ready.get(30, TimeUnit.SECONDS);
                JsonNode ack = c.request("resume", Map.of()).get(30, TimeUnit.SECONDS);
                if (!ack.path("type").asText().equals("ack")) throw new IllegalStateException("resume refused: " + ack);
            } catch (Exception e) {
                throw new IllegalStateException("storm socket failed", e);
            } finally {
                c.ws.abort();
            }
        }, VISITS);
    }

    private Connection connect() {
        var c = new Connection();
        c.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).header("Origin", lb)
                .subprotocols("juntos.v1", "bearer." + token)
                .buildAsync(URI.create(lb.replaceFirst("^http", "ws") + "/ws"), c).orTimeout(10, TimeUnit.SECONDS).join();
        try {
            c.ready.get(10, TimeUnit.SECONDS);
            JsonNode ack = c.request("resume", Map.of("streams", Map.of("conv." + conversationId, highestSeq))).get(15, TimeUnit.SECONDS);
            if (!ack.path("type").asText().equals("ack")) throw new IllegalStateException("resume refused: " + ack);
            c.resumed.complete(null);
            return c;
        } catch (Exception e) {
            c.ws.abort();
            throw new IllegalStateException("connect failed", e);
        }
    }

    private void received(Connection c, JsonNode f) {
        String type = f.path("type").asText();
        switch (type) {
            case "ready" -> c.ready.complete(null);
            case "ping" -> CompletableFuture.runAsync(() -> c.send("{\"type\":\"pong\"}"));
            case "ack", "error" -> {
                var p = c.pending.remove(f.path("id").asText());
                if (p != null) p.complete(f);
            }
            case "message.created" -> {
                if (c.visitor) return;
                JsonNode m = f.path("data").path("message");
                if (!m.path("conversationId").asText().equals(conversationId)) return;
                long seq = m.path("seq").asLong();
                synchronized (log) {
                    log.add(new Delivered(memberId, conversationId, seq, m.path("clientMsgId").asText()));
                    if (seq > highestSeq) highestSeq = seq;
                }
            }
            default -> {
                // presence, typing, read markers…: not what this test checks
            }
        }
    }

    private static Duration backoff(int attempt) {
        long base = Math.min(2000, 250L << Math.min(attempt, 3));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d); // the client's own pacing and backoff, as a real client's timers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One socket: its listener, its pending requests, its life. */
    private final class Connection implements WebSocket.Listener {
        WebSocket ws;
        boolean visitor;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> resumed = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger ids = new AtomicInteger();

        CompletableFuture<JsonNode> request(String type, Object data) {
            String id = "r" + ids.incrementAndGet();
            var f = new CompletableFuture<JsonNode>();
            pending.put(id, f);
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("type", type);
            frame.put("id", id);
            frame.put("data", data);
            try {
                send(JSON.writeValueAsString(frame));
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
            return f;
        }

        void send(String text) {
            synchronized (this) {
                ws.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    received(this, JSON.readTree(text));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("server sent non-JSON: " + text, e);
                }
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            gone(code);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            gone(1006);
        }

        private void gone(int code) {
            closed.complete(code);
            pending.values().forEach(p -> p.completeExceptionally(new IllegalStateException("closed " + code)));
        }
    }
}
