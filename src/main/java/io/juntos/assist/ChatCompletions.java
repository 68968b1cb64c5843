package io.juntos.assist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A streaming client for the OpenAI chat-completions API ({@code POST <url>/chat/completions} with
 * {@code "stream": true}), which OpenAI, Ollama ({@code /v1}) and llama.cpp's server all speak.
 * Choice: the JDK's HttpClient plus our {@link SseReader} (~80 lines) rather than an SDK: the
 * vendors' Java SDKs pull in dozens of jars and bind to one vendor, while the wire format we need
 * is one POST and one event stream. HTTP/1.1 is forced: local servers speak nothing else, and
 * cancelling an HTTP/1.1 body closes the connection, which is how the model learns to stop.
 * Timeouts: connect; first token (until the first content arrives); idle (silence between bytes
 * once content flows; SSE comments count as life); total.
 */
final class ChatCompletions {
    private final AssistConfig cfg;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;
    private final URI endpoint;

    ChatCompletions(AssistConfig cfg, ObjectMapper json, ScheduledExecutorService watchdog) {
        this.cfg = cfg;
        this.json = json;
        this.watchdog = watchdog;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(cfg.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = cfg.url().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/chat/completions");
    }

    /** One running request; {@link #cancel} may be called from any thread, any number of times. */
    static final class Call {
        private volatile boolean cancelled;
        private volatile String timedOut;
        private volatile CompletableFuture<?> pending;
        private volatile InputStream body;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean contentSeen;
        private volatile boolean enough;

        /** The caller has what it needs: the stream ends normally after the current piece, closing the connection. */
        void enough() {
            enough = true;
        }

        void cancel() {
            cancelled = true;
            abort();
        }

        boolean cancelled() {
            return cancelled;
        }

        private void abort() {
            CompletableFuture<?> p = pending;
            if (p != null) p.cancel(true);
            InputStream b = body;
            if (b != null) {
                try {
                    b.close(); // closes the HTTP/1.1 connection mid-body: the endpoint stops generating
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    /** Streams the completion's content pieces to {@code content}; returns normally at {@code [DONE]} or end of body. */
    void stream(List<Map<String, String>> messages, Call call, Consumer<String> content) {
        long start = System.nanoTime();
        ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> check(call, start), 50, 50, TimeUnit.MILLISECONDS);
        try {
            HttpResponse<InputStream> res = connect(messages, call);
            call.body = res.body();
            if (call.cancelled) call.abort();
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) {
                    throw UpstreamException.forStatus(res.statusCode(), retryAfter(res));
                }
                read(in, call, content);
            }
        } catch (IOException e) {
            throw interrupted(call, "ai_unavailable", "The language model endpoint could not be reached or dropped the connection.");
        } finally {
            guard.cancel(false);
        }
    }

    private HttpResponse<InputStream> connect(List<Map<String, String>> messages, Call call) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(cfg.firstTokenTimeout())
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(messages)));
        if (cfg.key() != null) req.header("Authorization", "Bearer " + cfg.key());
        var future = http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        call.pending = future;
        if (call.cancelled) future.cancel(true);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(call, "cancelled", "Cancelled.");
        } catch (CancellationException e) {
            throw interrupted(call, "cancelled", "Cancelled.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                throw UpstreamException.of("ai_timeout", "The language model did not answer in time.");
            }
            throw interrupted(call, "ai_unavailable", "The language model endpoint could not be reached.");
        }
    }

    private void read(InputStream in, Call call, Consumer<String> content) throws IOException {
        SseReader sse = new SseReader();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            call.lastActivity = System.nanoTime();
            for (String data : feed(sse, buf, n)) {
                if (data.equals("[DONE]")) return;
                String piece = contentOf(data);
                if (!piece.isEmpty()) {
                    call.contentSeen = true;
                    content.accept(piece);
                }
                if (call.cancelled || call.enough) return;
            }
        }
        if (call.cancelled || call.timedOut != null) throw interrupted(call, "cancelled", "Cancelled.");
    }

    private static List<String> feed(SseReader sse, byte[] buf, int n) {
        try {
            return sse.feed(buf, 0, n);
        } catch (SseReader.TooLongException e) {
            throw UpstreamException.of("ai_bad_response", "The language model sent an oversized event.");
        }
    }

    /** The content of one chunk: {@code choices[0].delta.content}; an {@code error} object or bad JSON fails the stream. */
    String contentOf(String data) {
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (IOException e) {
            throw UpstreamException.of("ai_bad_response", "The language model sent a malformed chunk.");
        }
        if (chunk == null || !chunk.isObject()) throw UpstreamException.of("ai_bad_response", "The language model sent a malformed chunk.");
        if (chunk.has("error")) throw UpstreamException.of("ai_unavailable", "The language model reported an error mid-stream.");
        JsonNode c = chunk.path("choices").path(0).path("delta").path("content");
        return c.isTextual() ? c.asText() : "";
    }

    private byte[] body(List<Map<String, String>> messages) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("model", cfg.model());
        b.put("messages", messages);
        b.put("stream", true);
        b.put("temperature", 0.7);
        b.put("max_tokens", 160);
        try {
            return json.writeValueAsBytes(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(Call call, long start) {
        long now = System.nanoTime();
        Duration silence = call.contentSeen ? cfg.idleTimeout() : cfg.firstTokenTimeout();
        if (now - start > cfg.totalTimeout().toNanos()) call.timedOut = "total";
        else if (now - call.lastActivity > silence.toNanos()) call.timedOut = call.contentSeen ? "idle" : "first token";
        if (call.timedOut != null) call.abort();
    }

    private static UpstreamException interrupted(Call call, String code, String detail) {
        if (call.timedOut != null) {
            return UpstreamException.of("ai_timeout", "The language model stopped answering (" + call.timedOut + " timeout).");
        }
        if (call.cancelled) return UpstreamException.of("cancelled", "Cancelled.");
        return UpstreamException.of(code, detail);
    }

    private static Duration retryAfter(HttpResponse<?> res) {
        return res.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }
}
