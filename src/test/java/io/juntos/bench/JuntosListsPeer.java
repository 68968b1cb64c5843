package io.juntos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.crdt.ListDoc;
import io.juntos.crdt.TextDoc;
import io.juntos.lists.ListCodec;
import io.juntos.testing.Api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Juntos side of the lists benchmark: {@code target/juntos.jar} in its own JVM on a fresh
 * SQLite folder, one user per client (all editors of one list), each on its own socket with
 * the replica id its {@code list.open} handed out. Every update is precomputed with the Java
 * engine (the character, as an L1 envelope for the client's item's notes) so that sending costs
 * the generator a string concatenation; a refused update ({@code overloaded}) is sent again
 * after {@code retryAfterMs}, as the web client does.
 */
final class JuntosListsPeer implements AutoCloseable {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Map<String, String> ENV = Map.of(
            "JUNTOS_LOG_LEVEL", "WARN",
            "JUNTOS_ACCESS_TOKEN_TTL", "2h",
            "JUNTOS_WS_RATE", "10000",
            "JUNTOS_WS_BURST", "10000",
            "JUNTOS_LIMIT_SIGNUP_PER_ADDRESS", "1000000/1h",
            "JUNTOS_LIMIT_AUTH_PER_ADDRESS", "1000000/1m",
            // One item's notes take every character a client types (and the whole trace).
            "JUNTOS_LISTS_MAX_NOTES", "2000000");

    final ServerProcess server;
    private final int port;
    private final Path data;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // no h2c upgrade: Node hands Upgrade requests to its WebSocket handler
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Long> byUpdate = new ConcurrentHashMap<>(); // base64 -> client << 32 | k
    final List<Editor> editors = new ArrayList<>();
    final Map<String, Integer> errors = new ConcurrentHashMap<>();
    private String listId;
    private Api api;
    private String ownerToken;

    private JuntosListsPeer(ServerProcess server, int port, Path data) {
        this.server = server;
        this.port = port;
        this.data = data;
    }

    static JuntosListsPeer start(Path logDir, Path jar, String heap) throws Exception {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: run bench/lists/run.sh (it builds it)");
        int port = ServerProcess.freePort();
        Path data = Files.createTempDirectory("juntos-lists-bench-");
        var env = new HashMap<>(ENV);
        env.put("JUNTOS_PORT", Integer.toString(port));
        env.put("JUNTOS_DATA_DIR", data.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var server = ServerProcess.start("juntos", List.of(java, "-Xmx" + heap, "-jar", jar.toString()), env, logDir.resolve("juntos-lists-server.log"));
        var peer = new JuntosListsPeer(server, port, data);
        server.awaitHttp("http://127.0.0.1:" + port + "/readyz", Duration.ofSeconds(240));
        return peer;
    }

    /** Signs up the clients, makes the list with them as editors, opens a socket each, precomputes the updates. */
    void prepare(int clients, int updatesPerClient) throws Exception {
        api = new Api("http://127.0.0.1:" + port);
        var accounts = new ArrayList<Api.Account>();
        for (int i = 0; i < clients; i++) accounts.add(api.signup("l" + i + "x"));
        ownerToken = accounts.getFirst().accessToken();
        JsonNode made = api.as(ownerToken).post("/api/lists", Map.of("name", "bench")).json();
        listId = made.path("list").path("id").asText();
        for (var a : accounts.subList(1, accounts.size())) {
            var r = api.as(ownerToken).post("/api/lists/" + listId + "/members", Map.of("user", a.username(), "role", "editor"));
            if (r.status() != 201) throw new IllegalStateException("invite: " + r);
        }
        for (int i = 0; i < clients; i++) {
            var e = new Editor(i, clients, updatesPerClient, accounts.get(i));
            e.open();
            editors.add(e);
        }
        for (Editor e : editors) e.precompute();
    }

    /** The client that replays the trace: one more socket of the owner's. */
    Editor traceEditor(int updates) throws Exception {
        var e = new Editor(editors.size(), editors.size() + 1, updates, null);
        e.token = ownerToken;
        e.open();
        return e;
    }

    final class Editor extends ListsEditor implements ListsSocket.Handler {
        private final Api.Account account;
        String token;
        private ListsSocket socket;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final CompletableFuture<Integer> opened = new CompletableFuture<>();
        String[] updates;
        String itemId;

        Editor(int index, int clients, int capacity, Api.Account account) {
            super(index, clients, capacity);
            this.account = account;
            this.token = account == null ? null : account.accessToken();
        }

        void open() throws Exception {
            socket = ListsSocket.open(http, URI.create("ws://127.0.0.1:" + port + "/ws"), this, "juntos.v1", "bearer." + token);
            ready.get(60, TimeUnit.SECONDS);
            socket.send("{\"type\":\"list.open\",\"id\":\"o1\",\"data\":{\"listId\":\"" + listId + "\"}}");
            opened.get(60, TimeUnit.SECONDS);
        }

        int replica() {
            return opened.join();
        }

        /** The list owner's user id (the trace client is one more socket of the owner's). */
        String ownerAccountId() {
            return editors.getFirst().account.id();
        }

        /** Update 0 creates this client's item; update k > 0 types one character at the end of its notes. */
        void precompute() {
            itemId = "bench" + index;
            updates = new String[capacity()];
            var order = new ListDoc(replica());
            var notes = new TextDoc(replica());
            byte[][] last = new byte[1][];
            order.observeUpdates(b -> last[0] = b);
            notes.observeUpdates(b -> last[0] = b);
            order.insert(0, itemId);
            String created = "{\"by\":\"" + account.id() + "\",\"at\":\"" + Instant.now() + "\"}";
            put(0, List.of(new ListCodec.DocPart("order", last[0]), new ListCodec.FieldPart(itemId, "created", 1, replica(), created)));
            String alphabet = "abcdefghijklmnopqrstuvwxyz ";
            for (int k = 1; k < capacity(); k++) {
                notes.insert(notes.length(), String.valueOf(alphabet.charAt((index + k) % alphabet.length())));
                put(k, List.of(new ListCodec.DocPart("notes:" + itemId, last[0])));
            }
        }

        void put(int k, List<ListCodec.Part> parts) {
            updates[k] = Base64.getEncoder().encodeToString(ListCodec.encode(parts));
            byUpdate.put(updates[k], ((long) index << 32) | k);
        }

        @Override
        void transmit(int k) {
            socket.send("{\"type\":\"list.update\",\"id\":\"u" + k + "\",\"data\":{\"listId\":\"" + listId + "\",\"update\":\"" + updates[k] + "\"}}");
        }

        @Override
        public void text(String f) {
            String type = between(f, "\"type\":\"", "\"");
            switch (type) {
                case "ack" -> {
                    String id = between(f, "\"id\":\"", "\"");
                    if (id.startsWith("u")) acked.incrementAndGet();
                    else if (id.equals("o1")) opened.complete((int) number(f, "\"replica\":"));
                }
                case "list.update" -> {
                    Long who = byUpdate.get(between(f, "\"update\":\"", "\""));
                    if (who != null && (int) (who >>> 32) != index && (int) (who >>> 32) < editors.size()) {
                        received(editors.get((int) (who >>> 32)), (int) (long) who, System.nanoTime());
                    }
                }
                case "error" -> error(f);
                case "ready" -> ready.complete(null);
                case "ping" -> socket.send("{\"type\":\"pong\"}");
                default -> { }
            }
        }

        private void error(String f) {
            String code = between(f, "\"code\":\"", "\"");
            String id = between(f, "\"id\":\"", "\"");
            if ("overloaded".equals(code) && id.startsWith("u")) {
                refused.incrementAndGet();
                long after = number(f, "\"retryAfterMs\":");
                int k = Integer.parseInt(id.substring(1));
                retries.schedule(() -> transmit(k), after < 0 ? 50 : after, TimeUnit.MILLISECONDS);
                return;
            }
            errors.merge(code + " (" + f.substring(0, Math.min(240, f.length())) + ")", 1, Integer::sum);
            if (id.equals("o1")) opened.completeExceptionally(new IllegalStateException(f));
        }

        @Override
        public void binary(byte[] frame) {
        }

        @Override
        public void closed(int code, String reason) {
            this.closed = code + " " + reason;
            ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
        }

        void close() {
            socket.close();
        }
    }

    /** The unsigned integer after {@code key}, or -1. */
    static long number(String s, String key) {
        int a = s.indexOf(key);
        if (a < 0) return -1;
        a += key.length();
        while (a < s.length() && s.charAt(a) == ' ') a++;
        long v = 0;
        int start = a;
        for (; a < s.length() && Character.isDigit(s.charAt(a)); a++) v = v * 10 + (s.charAt(a) - '0');
        return a == start ? -1 : v;
    }

    static String between(String s, String open, String close) {
        int a = s.indexOf(open);
        if (a < 0) return "";
        a += open.length();
        int b = s.indexOf(close, a);
        return b < 0 ? s.substring(a) : s.substring(a, b);
    }

    /** Each client's item's notes length on the server (the REST projection of its replica). */
    Map<String, Integer> notesLengths() {
        JsonNode list = api.as(ownerToken).get("/api/lists/" + listId).json();
        var out = new HashMap<String, Integer>();
        for (JsonNode item : list.path("items")) out.put(item.path("id").asText(), item.path("notes").asText("").length());
        return out;
    }

    /** The list's stored document (the L1 snapshot the server hands a joining client), in bytes. */
    long snapshotBytes() throws IOException, InterruptedException {
        var res = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/lists/" + listId + "/doc"))
                .header("Authorization", "Bearer " + ownerToken).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) throw new IllegalStateException("GET doc: " + res.statusCode());
        return res.body().length;
    }

    /** Bytes on disk in the server's data folder (SQLite database, WAL included). */
    long diskBytes() throws IOException {
        try (var files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    long heapBytes() throws Exception {
        jcmd("GC.run");
        var m = USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) throw new IllegalStateException("no heap figure from jcmd");
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        var p = new ProcessBuilder(jcmd, Long.toString(server.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    @Override
    public void close() throws Exception {
        for (Editor e : editors) e.close();
        retries.shutdownNow();
        server.close();
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
