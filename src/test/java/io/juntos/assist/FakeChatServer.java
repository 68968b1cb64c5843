package io.juntos.assist;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A chat-completions endpoint of the test's own, speaking the real streaming wire format
 * ({@code text/event-stream}, {@code data: {...}} chunks, {@code data: [DONE]}) over a real socket.
 * Each request is answered by the next scripted {@link Behaviour}; it records the request bodies
 * and headers, and notices when a client closes the connection mid-stream.
 */
public final class FakeChatServer implements AutoCloseable {
    public enum Behaviour { SPLIT_UTF8, TOO_MANY, FAILS, STALLS, MALFORMED, ENDLESS }

    private final HttpServer server;
    public volatile Behaviour next = Behaviour.SPLIT_UTF8;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile CountDownLatch clientGone = new CountDownLatch(1);

    static final String REPLIES = "1. Sí, claro 👍\n- \"Maybe later?\"\nLet me check the café ☕\nA fourth one nobody asked for\n";

    public FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void handle(HttpExchange ex) throws IOException {
        bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Behaviour b = next;
        switch (b) {
            case TOO_MANY -> {
                ex.getResponseHeaders().add("Retry-After", "7");
                answer(ex, 429, "{\"error\":{\"message\":\"rate limited\"}}");
            }
            case FAILS -> answer(ex, 500, "{\"error\":{\"message\":\"boom\"}}");
            default -> stream(ex, b);
        }
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void stream(HttpExchange ex, Behaviour b) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            switch (b) {
                case SPLIT_UTF8 -> {
                    StringBuilder all = new StringBuilder(": keepalive\r\n\r\n");
                    // Pieces of two characters, so emoji and accents arrive inside chunks...
                    int[] cps = REPLIES.codePoints().toArray();
                    for (int i = 0; i < cps.length; i += 2) {
                        all.append("data: ").append(chunk(new String(cps, i, Math.min(2, cps.length - i)))).append("\n\n");
                    }
                    all.append("data: [DONE]\n\n");
                    byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
                    // ...and the bytes are written 5 at a time: reads split lines and UTF-8 sequences.
                    for (int i = 0; i < bytes.length; i += 5) {
                        out.write(bytes, i, Math.min(5, bytes.length - i));
                        out.flush();
                        if (i % 200 == 0) Thread.sleep(1);
                    }
                }
                case STALLS -> {
                    out.write(("data: " + chunk("Hold on") + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(3_000);
                }
                case MALFORMED -> {
                    out.write(("data: " + chunk("Fine") + "\n\ndata: {\"choices\": [oops\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(200);
                }
                case ENDLESS -> {
                    out.write(("data: " + chunk("Thinking") + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    while (true) { // until the client closes the connection: then the write fails
                        Thread.sleep(50);
                        out.write(("data: " + chunk(".") + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
                default -> throw new IllegalStateException(b.name());
            }
            out.close();
        } catch (IOException e) {
            clientGone.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    static String chunk(String content) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + escaped + "\"}}]}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
