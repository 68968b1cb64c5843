package io.juntos.cluster;

import io.juntos.testing.Services;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The chaos test's cluster, all on loopback and all its own: a PostgreSQL schema, a
 * {@code redis-server} ({@link OwnRedis}, never the shared one), {@code nodes} child JVMs running
 * {@code io.juntos.Main} on the test classpath (so SIGKILL and SIGTERM are real), and HAProxy with
 * the deployment example's {@code deploy/haproxy/haproxy.cfg} (its ports come from the environment).
 * Each node keeps its port across restarts, so HAProxy's health checks bring it back into the pool.
 */
final class ChaosCluster implements AutoCloseable {
    /** Short, so that the killed node's users go offline within the run (the default is 30 s). */
    static final int PRESENCE_TTL_SECONDS = 6;
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path CONFIG = Path.of("deploy/haproxy/haproxy.cfg");

    private final Path work;
    private final String schema;
    private final OwnRedis redis;
    private final Map<String, String> env = new HashMap<>();
    private final int[] ports;
    private final Process[] nodes;
    private final int restarts[];
    private Process haproxy;
    private final int lbPort;

    private ChaosCluster(int count) throws IOException {
        work = Files.createTempDirectory("juntos-chaos-");
        schema = "chaos_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        ports = new int[count];
        nodes = new Process[count];
        restarts = new int[count];
        for (int i = 0; i < count; i++) ports[i] = freePort();
        lbPort = freePort();
        redis = OwnRedis.start();
    }

    /** Skips loudly (fails under CI=true) without PostgreSQL, haproxy or redis-server. */
    static ChaosCluster start(int count) throws Exception {
        Services.requirePostgres();
        Services.require(Files.isExecutable(HAPROXY), "haproxy not installed at " + HAPROXY + " (apt-get install -y haproxy)");
        var c = new ChaosCluster(count);
        try {
            c.boot();
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void boot() throws Exception {
        try (var conn = DriverManager.getConnection(Services.PG_URL); var st = conn.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String lb = lbUrl();
        env.put("JUNTOS_DB_URL", dbUrl());
        env.put("JUNTOS_DB_POOL_SIZE", "5");
        env.put("JUNTOS_REDIS_URL", redis.url());
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        env.put("JUNTOS_TOKEN_KEY", Base64.getEncoder().encodeToString(key));
        env.put("JUNTOS_PUBLIC_URL", lb);
        env.put("JUNTOS_ALLOWED_ORIGINS", lb);
        env.put("JUNTOS_TRUST_PROXY", "true");
        env.put("JUNTOS_BIND", "127.0.0.1");
        env.put("JUNTOS_MEDIA_DIR", work.resolve("media").toString());
        env.put("JUNTOS_DRAIN_TIMEOUT", "10s");
        env.put("JUNTOS_LOG_LEVEL", "WARN");
        env.put("JUNTOS_ACCESS_TOKEN_TTL", "1h");
        env.put("JUNTOS_PRESENCE_TTL", PRESENCE_TTL_SECONDS + "s");
        // The clients all come from one address and send continuously: limits far above the run's own.
        env.put("JUNTOS_WS_RATE", "10000");
        env.put("JUNTOS_WS_BURST", "10000");
        env.put("JUNTOS_LIMIT_MESSAGES_PER_USER", "100000/1m");
        env.put("JUNTOS_LIMIT_SIGNUP_PER_ADDRESS", "100000/1h");
        env.put("JUNTOS_LIMIT_AUTH_PER_ADDRESS", "100000/1m");
        // The first node migrates the schema; the others start after it, together.
        startNode(0);
        awaitReady(0, Duration.ofSeconds(180));
        for (int i = 1; i < nodes.length; i++) startNode(i);
        for (int i = 1; i < nodes.length; i++) awaitReady(i, Duration.ofSeconds(180));
        startHaproxy();
    }

    String lbUrl() {
        return "http://127.0.0.1:" + lbPort;
    }

    String nodeUrl(int i) {
        return "http://127.0.0.1:" + ports[i];
    }

    String dbUrl() {
        return Services.PG_URL + (Services.PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    int size() {
        return nodes.length;
    }

    void startNode(int i) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = work.resolve("node" + (i + 1) + "-" + restarts[i]++ + ".log");
        var pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.juntos.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("JUNTOS_PORT", Integer.toString(ports[i]));
        pb.environment().put("JUNTOS_DATA_DIR", work.resolve("node" + (i + 1)).toString());
        nodes[i] = pb.start();
    }

    void awaitReady(int i, Duration timeout) throws IOException, InterruptedException {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!nodes[i].isAlive()) throw new IllegalStateException("node " + (i + 1) + " exited (" + nodes[i].exitValue() + "): " + logTail(i));
            try {
                var res = http.send(HttpRequest.newBuilder(URI.create(nodeUrl(i) + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // polling a child process for readiness: there is no event to wait on
        }
        throw new IllegalStateException("node " + (i + 1) + " not ready within " + timeout + ": " + logTail(i));
    }

    /** SIGKILL: no drain, no goodbye; its clients see their sockets cut. */
    void kill(int i) throws InterruptedException {
        nodes[i].destroyForcibly();
        nodes[i].waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node drains (readyz 503, sockets closed with 4012 in batches) and exits. */
    boolean drain(int i, Duration timeout) throws InterruptedException {
        nodes[i].destroy();
        boolean exited = nodes[i].waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) kill(i);
        return exited;
    }

    /** Redis crashes (SIGKILL; no persistence: it comes back empty) and is started again on its port. */
    void restartRedis(Duration down) throws InterruptedException {
        redis.down();
        Thread.sleep(down.toMillis()); // Redis stays away for a while, as in a real outage
        redis.up();
    }

    private void startHaproxy() throws IOException, InterruptedException {
        var pb = new ProcessBuilder(HAPROXY.toString(), "-f", CONFIG.toAbsolutePath().toString(), "-db")
                .redirectErrorStream(true).redirectOutput(work.resolve("haproxy.log").toFile());
        pb.environment().put("JUNTOS_LB_PORT", Integer.toString(lbPort));
        pb.environment().put("JUNTOS_LB_STATS_PORT", Integer.toString(freePort()));
        for (int i = 0; i < 3; i++) {
            // The example names three servers; with fewer nodes the extra ones point at a closed port (down).
            pb.environment().put("JUNTOS_NODE" + (i + 1) + "_PORT", Integer.toString(i < ports.length ? ports[i] : freePort()));
        }
        haproxy = pb.start();
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!haproxy.isAlive()) throw new IllegalStateException("haproxy exited: " + Files.readString(work.resolve("haproxy.log")));
            try {
                var res = http.send(HttpRequest.newBuilder(URI.create(lbUrl() + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // polling haproxy's first health checks
        }
        throw new IllegalStateException("haproxy not ready: " + Files.readString(work.resolve("haproxy.log")));
    }

    String logTail(int i) {
        try {
            Path log = work.resolve("node" + (i + 1) + "-" + (restarts[i] - 1) + ".log");
            String s = Files.readString(log);
            return s.substring(Math.max(0, s.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path work() {
        return work;
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>();
        if (haproxy != null) all.add(haproxy);
        for (Process p : nodes) if (p != null) all.add(p);
        all.forEach(Process::destroy);
        for (Process p : all) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        redis.close();
        try (var conn = DriverManager.getConnection(Services.PG_URL); var st = conn.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("chaos: could not drop schema " + schema + ": " + e.getMessage());
        }
    }
}
