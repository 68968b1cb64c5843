package io.juntos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * {@code target/juntos.jar} (or another build) in its own JVM on a fresh SQLite data folder. One user per client
 * (sign-up costs an argon2id hash, so this is the slow part of preparing); group {@code n} is
 * created by its first member and joined by code by the other seven. Heap is measured with
 * {@code jcmd GC.run} then {@code GC.heap_info}.
 */
final class JuntosTarget implements Target {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    /**
     * Bench-only settings: the per-connection request limit (20/s) and the per-address sign-up
     * limit (20/h) protect a real server from one client; here one address plays every client.
     */
    private static final Map<String, String> ENV = Map.of(
            "JUNTOS_LOG_LEVEL", "WARN",
            "JUNTOS_ACCESS_TOKEN_TTL", "2h",
            "JUNTOS_WS_RATE", "10000",
            "JUNTOS_WS_BURST", "10000",
            // 10,000 idle sockets on the clients' 256 accounts: about 40 per user, over the default cap of 20.
            "JUNTOS_WS_SOCKETS_PER_USER", "1000",
            // Each client sends up to rate/256 messages a second, over the per-user default of 120 a minute.
            "JUNTOS_LIMIT_MESSAGES_PER_USER", "1000000/1m",
            "JUNTOS_LIMIT_SIGNUP_PER_ADDRESS", "1000000/1h",
            "JUNTOS_LIMIT_AUTH_PER_ADDRESS", "1000000/1m");
    private static final int SIGNUP_PARALLELISM = 4;

    private final ServerProcess server;
    private final int port;
    private final String javaArgs;
    private final Path dataDir;
    private final java.util.concurrent.atomic.AtomicInteger serverErrors = new java.util.concurrent.atomic.AtomicInteger();

    private final String pgSchema;

    private JuntosTarget(ServerProcess server, int port, String javaArgs, Path dataDir, String pgSchema) {
        this.pgSchema = pgSchema;
        this.server = server;
        this.port = port;
        this.javaArgs = javaArgs;
        this.dataDir = dataDir;
    }

    static JuntosTarget start(Path logDir, String heap, Path jar, List<String> jvmArgs, boolean postgres) throws Exception {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: run 'mvn -DskipTests package' first (bench/messaging/run.sh does)");
        int port = ServerProcess.freePort();
        Path data = Files.createTempDirectory("juntos-bench-");
        var env = new java.util.HashMap<>(ENV);
        env.put("JUNTOS_PORT", Integer.toString(port));
        env.put("JUNTOS_DATA_DIR", data.toString());
        String schema = null;
        if (postgres) {
            schema = "bench_" + Long.toHexString(System.nanoTime());
            try (var c = java.sql.DriverManager.getConnection(io.juntos.testing.Services.PG_URL); var st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
            env.put("JUNTOS_DB_URL", io.juntos.testing.Services.PG_URL + (io.juntos.testing.Services.PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<String>(List.of(java, "-Xmx" + heap));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString()));
        var server = ServerProcess.start("juntos", command, env, logDir.resolve("juntos-server.log"));
        var target = new JuntosTarget(server, port, String.join(" ", command.subList(1, command.size())), data, schema);
        server.awaitHttp(target.base() + "/readyz", Duration.ofSeconds(240)); // a loaded shared machine starts a JVM slowly
        return target;
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return pgSchema == null ? "Juntos" : "Juntos (PostgreSQL)";
    }

    @Override
    public Wire wire() {
        return new JuntosWire(URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    @Override
    public List<Member> prepare(int clients, int groupSize) throws Exception {
        var api = new Api(base());
        List<Api.Account> accounts = inParallel(clients, SIGNUP_PARALLELISM, i -> api.signup("b" + i + "x"));
        List<String> rooms = inParallel(clients / groupSize, 2, g -> group(api, accounts.subList(g * groupSize, (g + 1) * groupSize), g));
        var members = new ArrayList<Member>(clients);
        for (int i = 0; i < clients; i++) {
            var a = accounts.get(i);
            members.add(new Member(i, rooms.get(i / groupSize), a.id(), a.accessToken()));
        }
        return members;
    }

    /** Creates group {@code g} as its first member; the others join with its code. Returns its id. */
    private String group(Api api, List<Api.Account> members, int g) throws InterruptedException {
        var created = expect(() -> api.as(members.getFirst().accessToken()).post("/api/conversations/groups", Map.of("name", "bench " + g)), 201);
        String code = created.path("joinCode").asText();
        for (var m : members.subList(1, members.size())) {
            // 200 is "already a member": a retried join whose first attempt got through.
            expect(() -> api.as(m.accessToken()).post("/api/conversations/join", Map.of("code", code)), 201, 200);
        }
        return created.path("id").asText();
    }

    /**
     * Retries 5xx answers a few times, counting them: preparing is not what is measured, but the
     * count is reported because a 5xx under concurrent writes is a finding in itself.
     */
    private JsonNode expect(java.util.function.Supplier<Api.Res> call, int... ok) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Api.Res res = call.get();
            if (java.util.Arrays.stream(ok).anyMatch(s -> s == res.status())) return res.json();
            if (res.status() < 500 || attempt == 5) throw new IllegalStateException("expected " + java.util.Arrays.toString(ok) + ", got " + res);
            serverErrors.incrementAndGet();
            MessagingBench.log("preparing: " + res.status() + " " + res.code() + ", retrying (server log: target/bench/juntos-server.log)");
            Thread.sleep(200L * attempt);
        }
    }

    private interface Indexed<T> {
        T make(int i) throws Exception;
    }

    private static <T> List<T> inParallel(int n, int parallelism, Indexed<T> work) throws Exception {
        try (var pool = Executors.newFixedThreadPool(parallelism)) {
            var futures = new ArrayList<Future<T>>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> work.make(index)));
            }
            var out = new ArrayList<T>(n);
            for (var f : futures) out.add(f.get());
            return out;
        }
    }

    @Override
    public Memory memory() throws Exception {
        jcmd("GC.run");
        jcmd("GC.run");
        var m = USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
        return new Memory(Long.parseLong(m.group(1)) * 1024, server.rssBytes());
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        var p = new ProcessBuilder(jcmd, Long.toString(server.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + command + " failed: " + out);
        return out;
    }

    @Override
    public long cpuMillis() {
        return server.cpuMillis();
    }

    @Override
    public String settings() {
        return "`java " + javaArgs + "` (JDK " + Runtime.version().feature() + ", default GC), "
                + (pgSchema == null ? "SQLite in a fresh temp folder" : "PostgreSQL 127.0.0.1 (fresh schema, default pool of 10)") + ", "
                + "every message committed before the ack; JUNTOS_LOG_LEVEL=WARN, JUNTOS_WS_RATE/BURST=10000, JUNTOS_WS_SOCKETS_PER_USER=1000, messages-per-user and sign-up limits raised "
                + "(one address plays every client)"
                + (serverErrors.get() == 0 ? "" : "; **" + serverErrors.get() + " server errors (5xx) while creating/joining groups, retried**");
    }

    @Override
    public void close() throws Exception {
        server.close();
        if (pgSchema != null) {
            try (var c = java.sql.DriverManager.getConnection(io.juntos.testing.Services.PG_URL); var st = c.createStatement()) {
                st.execute("DROP SCHEMA " + pgSchema + " CASCADE");
            }
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
