package io.juntos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the gateway for tests, benchmarks and load generators (JDK
 * {@code java.net.http.WebSocket}). It keeps every frame received, answers server pings unless
 * told not to, and turns requests into futures completed by the matching ack or error frame.
 */
public final class WsTestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<JsonNode> frames = new ArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean autoPong = true;
    private volatile boolean paused;
    private WebSocket ws;

    public record Close(int code, String reason) {
    }

    /** The default test origin (TestServer allows it), subprotocols {@code juntos.v1, bearer.<token>}. */
    public static WsTestClient connect(String baseUrl, String token) {
        return connect(baseUrl, token, "http://localhost:8080");
    }

    /** token null: no bearer subprotocol (authenticate with hello); origin null: no Origin header. */
    public static WsTestClient connect(String baseUrl, String token, String origin) {
        WsTestClient c = new WsTestClient();
        var b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) b.header("Origin", origin);
        if (token != null) b.subprotocols("juntos.v1", "bearer." + token);
        else b.subprotocols("juntos.v1");
        c.ws = b.buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws"), c.listener()).orTimeout(10, TimeUnit.SECONDS).join();
        return c;
    }

    /** Connects and waits for {@code ready}. */
    public static WsTestClient ready(String baseUrl, String token) {
        WsTestClient c = connect(baseUrl, token);
        c.await(f -> f.path("type").asText().equals("ready"));
        return c;
    }

    /** Connects, waits for {@code ready} and resumes with nothing: every conversation is live at once. */
    public static WsTestClient live(String baseUrl, String token) {
        WsTestClient c = ready(baseUrl, token);
        c.ack("resume", Map.of());
        return c;
    }

    public WsTestClient autoPong(boolean on) {
        this.autoPong = on;
        return this;
    }

    /** Stops reading the socket (a slow consumer): the server's frames pile up in TCP buffers. */
    public WsTestClient pauseReading() {
        paused = true;
        return this;
    }

    public WsTestClient resumeReading() {
        paused = false;
        ws.request(1);
        return this;
    }

    public String subprotocol() {
        return ws.getSubprotocol();
    }

    /** Sends a request; the future completes with the whole ack or error frame. */
    public CompletableFuture<JsonNode> request(String type, Object data) {
        String id = "t" + IDS.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("id", id);
        frame.put("data", data);
        sendRaw(write(frame));
        return f.orTimeout(10, TimeUnit.SECONDS);
    }

    /** Sends a request and returns its answer frame (ack or error). */
    public JsonNode call(String type, Object data) {
        return request(type, data).join();
    }

    /** Sends a request and returns the ack's data; fails on an error frame. */
    public JsonNode ack(String type, Object data) {
        JsonNode f = call(type, data);
        if (!f.path("type").asText().equals("ack")) throw new AssertionError(type + " was refused: " + f);
        return f.path("data");
    }

    /**
     * A barrier: asks the server's time and waits for the answer. Frames are answered in order and
     * the server queues to a socket in order, so every event queued for this client before the
     * request was handled has arrived when this returns; "nothing else arrived" needs no pause.
     */
    public long sync() {
        return ack("time", Map.of()).path("now").asLong();
    }

    public void sendRaw(String text) {
        synchronized (this) {
            ws.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** The first frame received so far or within 10 s that matches. */
    public JsonNode await(Predicate<JsonNode> p) {
        return await(p, Duration.ofSeconds(10));
    }

    public JsonNode await(Predicate<JsonNode> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (true) {
                for (JsonNode f : frames) if (p.test(f)) return f;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no matching frame within " + timeout + "; got " + frames);
                try {
                    TimeUnit.NANOSECONDS.timedWait(frames, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** The first event of this type whose data matches. */
    public JsonNode awaitEvent(String type, Predicate<JsonNode> data) {
        return await(f -> f.path("type").asText().equals(type) && data.test(f.path("data"))).path("data");
    }

    /** Every frame received so far that matches. */
    public List<JsonNode> frames(Predicate<JsonNode> p) {
        synchronized (frames) {
            return frames.stream().filter(p).toList();
        }
    }

    public List<JsonNode> events(String type) {
        return frames(f -> f.path("type").asText().equals(type));
    }

    public CompletableFuture<Close> closed() {
        return closed;
    }

    /** Waits for the server to close the socket and returns its close code. */
    public Close awaitClose() {
        return closed.orTimeout(15, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!closed.isDone() && !ws.isOutputClosed()) {
            try {
                ws.sendClose(1000, "bye").orTimeout(2, TimeUnit.SECONDS).join();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        ws.abort();
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    received(text);
                }
                if (!paused) w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                closed.complete(new Close(code, reason));
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closed.complete(new Close(1006, String.valueOf(error)));
            }
        };
    }

    private void received(String text) {
        JsonNode f;
        try {
            f = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("server sent non-JSON: " + text, e);
        }
        String type = f.path("type").asText();
        if (type.equals("ping") && autoPong) {
            CompletableFuture.runAsync(() -> sendRaw("{\"type\":\"pong\"}"));
        }
        if ((type.equals("ack") || type.equals("error")) && f.hasNonNull("id")) {
            var p = pending.remove(f.get("id").asText());
            if (p != null) p.complete(f);
        }
        synchronized (frames) {
            frames.add(f);
            frames.notifyAll();
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
