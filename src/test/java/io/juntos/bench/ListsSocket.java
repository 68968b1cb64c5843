package io.juntos.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One WebSocket of the lists benchmark (JDK {@code java.net.http}) that sends text or binary
 * frames through a queue (the JDK allows one outstanding send per socket) and hands every whole
 * frame it receives to the handler on the socket's listener thread (one at a time).
 */
final class ListsSocket implements WebSocket.Listener {
    /** What a received frame is handed to. */
    interface Handler {
        void text(String frame);

        void binary(byte[] frame);

        void closed(int code, String reason);
    }

    private final Handler handler;
    private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final StringBuilder partialText = new StringBuilder();
    private java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();
    private volatile WebSocket socket;
    private volatile boolean closedByUs;

    private ListsSocket(Handler handler) {
        this.handler = handler;
    }

    static ListsSocket open(HttpClient http, URI uri, Handler handler, String... subprotocols) {
        var s = new ListsSocket(handler);
        var b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        if (subprotocols.length > 0) b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        s.socket = b.buildAsync(uri, s).orTimeout(60, TimeUnit.SECONDS).join();
        return s;
    }

    void send(String text) {
        outbox.add(text);
        pump();
    }

    void send(byte[] binary) {
        outbox.add(binary);
        pump();
    }

    /** Frames queued here, not yet handed to the socket (the generator's own backlog). */
    int queued() {
        return outbox.size();
    }

    private void pump() {
        if (!sending.compareAndSet(false, true)) return;
        Object next = outbox.poll();
        if (next == null) {
            sending.set(false);
            if (!outbox.isEmpty()) pump();
            return;
        }
        CompletableFuture<WebSocket> f = next instanceof String t ? socket.sendText(t, true) : socket.sendBinary(ByteBuffer.wrap((byte[]) next), true);
        f.whenComplete((w, e) -> {
            sending.set(false);
            if (e == null) pump();
        });
    }

    void close() {
        closedByUs = true;
        WebSocket ws = socket;
        if (ws != null) ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).whenComplete((w, e) -> ws.abort());
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            String frame = partialText.toString();
            partialText.setLength(0);
            handler.text(frame);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            byte[] frame = partialBinary.toByteArray();
            partialBinary = new java.io.ByteArrayOutputStream();
            handler.binary(frame);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        if (!closedByUs) handler.closed(code, reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        if (!closedByUs) handler.closed(1006, String.valueOf(error));
    }

    static Consumer<String> ignore() {
        return s -> { };
    }
}
