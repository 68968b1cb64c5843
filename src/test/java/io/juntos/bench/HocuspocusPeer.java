package io.juntos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Hocuspocus side of the lists benchmark: {@code bench/lists/hocuspocus-server.mjs}
 * (@hocuspocus/server with its SQLite extension) in its own Node process, Yjs clients speaking
 * the Hocuspocus protocol (y-protocols sync inside its document-name envelope) with updates
 * precomputed by real Yjs ({@code yjs-updates.mjs}): the generator only sends bytes and reads the
 * sender and clock of what arrives, so it is cheap enough that the server is the limit.
 */
final class HocuspocusPeer implements AutoCloseable {
    private static final String DOC = "list";
    final ServerProcess server;
    private final int port;
    private final Path file;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // no h2c upgrade: Node hands Upgrade requests to its WebSocket handler
    final List<Editor> editors = new ArrayList<>();
    private byte[] base;

    private HocuspocusPeer(ServerProcess server, int port, Path file) {
        this.server = server;
        this.port = port;
        this.file = file;
    }

    static HocuspocusPeer start(Path logDir) throws Exception {
        int port = ServerProcess.freePort();
        Path file = Files.createTempFile("hocuspocus-bench-", ".sqlite");
        Files.delete(file);
        var server = ServerProcess.start("hocuspocus", List.of("node", "--expose-gc", "bench/lists/hocuspocus-server.mjs", Integer.toString(port), file.toString()),
                Map.of(), logDir.resolve("hocuspocus-server.log"));
        var peer = new HocuspocusPeer(server, port, file);
        server.awaitHttp("http://127.0.0.1:" + port + "/stats", Duration.ofSeconds(60));
        return peer;
    }

    /** Precomputes the clients' Yjs updates in Node, then opens and authenticates a socket each. */
    void prepare(int clients, int updatesPerClient, Path outDir) throws Exception {
        Path blobs = outDir.resolve("yjs-updates.bin");
        var p = new ProcessBuilder("node", "bench/lists/yjs-updates.mjs", Integer.toString(clients), Integer.toString(updatesPerClient), blobs.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("yjs-updates.mjs: " + out);
        try (var in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(blobs)))) {
            int n = in.readInt();
            base = in.readNBytes(in.readInt());
            for (int c = 0; c < clients; c++) {
                var e = new Editor(c, clients, updatesPerClient);
                for (int k = 0; k < updatesPerClient; k++) e.frames[k] = frame(in.readNBytes(in.readInt()));
                editors.add(e);
            }
            if (n != 1 + clients * updatesPerClient) throw new IllegalStateException("unexpected blob count " + n);
        }
        for (Editor e : editors) e.open();
    }

    /** A Hocuspocus message: document name, Sync, y-protocols Update, the update bytes. */
    private static byte[] frame(byte[] update) {
        var out = new ByteArrayOutputStream(update.length + 12);
        writeString(out, DOC);
        writeVarUint(out, 0); // MessageType.Sync
        writeVarUint(out, 2); // messageYjsUpdate
        writeVarUint(out, update.length);
        out.writeBytes(update);
        return out.toByteArray();
    }

    private static byte[] auth() {
        var out = new ByteArrayOutputStream();
        writeString(out, DOC);
        writeVarUint(out, 2); // MessageType.Auth
        writeVarUint(out, 0); // AuthMessageType.Token
        writeString(out, "bench");
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarUint(out, b.length);
        out.writeBytes(b);
    }

    private static void writeVarUint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    final class Editor extends ListsEditor implements ListsSocket.Handler {
        final byte[][] frames;
        private ListsSocket socket;
        private final java.util.concurrent.CompletableFuture<Void> authenticated = new java.util.concurrent.CompletableFuture<>();
        private boolean baseAcked;
        long unparsed;

        Editor(int index, int clients, int capacity) {
            super(index, clients, capacity);
            this.frames = new byte[capacity][];
        }

        void open() throws Exception {
            socket = ListsSocket.open(http, URI.create("ws://127.0.0.1:" + port + "/" + DOC), this);
            socket.send(auth());
            authenticated.get(60, java.util.concurrent.TimeUnit.SECONDS);
            socket.send(frame(base)); // every client starts from the base document (applying it twice changes nothing)
        }

        @Override
        void transmit(int k) {
            socket.send(frames[k]);
        }

        @Override
        public void binary(byte[] m) {
            int[] pos = {0};
            int nameLen = (int) varUint(m, pos);
            pos[0] += nameLen;
            int type = (int) varUint(m, pos);
            switch (type) {
                case 2 -> authenticated.complete(null); // Auth: Authenticated (no auth hook configured)
                case 8 -> { // SyncStatus: the server applied one of our sync messages
                    if (!baseAcked) baseAcked = true; else acked.incrementAndGet();
                }
                case 0 -> {
                    int sub = (int) varUint(m, pos);
                    if (sub != 2) return; // sync step 1/2 at connect
                    varUint(m, pos); // update length
                    structs(m, pos);
                }
                default -> { }
            }
        }

        /**
         * Walks a Yjs v1 update's structs (Hocuspocus may merge several clients' updates, and Yjs
         * merges a client's consecutive characters into one item): every character of client
         * 100 + i at clock k is client i's k-th update. Only string items are expected here.
         */
        private void structs(byte[] m, int[] pos) {
            long now = System.nanoTime();
            long groups = varUint(m, pos);
            for (long g = 0; g < groups; g++) {
                long n = varUint(m, pos);
                int sender = (int) varUint(m, pos) - 100;
                long clock = varUint(m, pos);
                for (long i = 0; i < n; i++) {
                    int info = m[pos[0]++] & 0xff;
                    int ref = info & 0x1f;
                    long len;
                    if (ref == 0 || ref == 10) {
                        len = varUint(m, pos); // GC or Skip
                    } else {
                        if ((info & 0x80) != 0) { varUint(m, pos); varUint(m, pos); }
                        if ((info & 0x40) != 0) { varUint(m, pos); varUint(m, pos); }
                        if ((info & 0xc0) == 0) {
                            if (varUint(m, pos) == 1) skipString(m, pos); else { varUint(m, pos); varUint(m, pos); }
                            if ((info & 0x20) != 0) skipString(m, pos);
                        }
                        if (ref != 4) { unparsed++; return; }
                        len = varUint(m, pos); // ASCII string: bytes = UTF-16 units
                        pos[0] += (int) len;
                    }
                    if (sender >= 0 && sender < editors.size() && sender != index) {
                        for (long k = clock; k < clock + len; k++) received(editors.get(sender), (int) k, now);
                    }
                    clock += len;
                }
            }
        }

        private void skipString(byte[] m, int[] pos) {
            long n = varUint(m, pos);
            pos[0] += (int) n;
        }

        @Override
        public void text(String frame) {
        }

        @Override
        public void closed(int code, String reason) {
            this.closed = code + " " + reason;
        }

        void close() {
            socket.close();
        }
    }

    private static long varUint(byte[] m, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = m[pos[0]++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) return v;
        }
    }

    /** The server's own figures (CPU time, heap after GC, stored size, each item's notes length). */
    JsonNode stats() throws Exception {
        var res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(res.body());
    }

    Map<String, Integer> notesLengths() throws Exception {
        var out = new HashMap<String, Integer>();
        stats().path("notes").properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    long diskBytes() {
        return file.toFile().length();
    }

    @Override
    public void close() throws Exception {
        for (Editor e : editors) e.close();
        server.close();
        Files.deleteIfExists(file);
    }
}
