package io.juntos.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.Services;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability: the server process is killed with SIGKILL at a random moment while clients send as
 * fast as it takes them, then restarted on the same database. Every message whose ack reached a
 * client must be there with the acked id and seq, exactly once, and the seqs must have no gap.
 * The seed is printed; {@code -Djuntos.killSeed=N} replays a run.
 */
abstract class KillRestartContract {
    private static final int SOCKETS = 4;
    private static final int IN_FLIGHT = 16;

    abstract Engine engine();

    record Acked(String clientMsgId, String id, long seq) {
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKillAndRestartExactlyOnceWithItsSeq() throws Exception {
        long seed = Long.getLong("juntos.killSeed", System.nanoTime());
        System.out.println("KillRestart " + engine() + " seed=" + seed + " (replay with -Djuntos.killSeed=" + seed + ")");
        Random random = new Random(seed);
        Path data = Files.createTempDirectory("juntos-kill-");
        Map<String, String> env = env(data);
        Account alice;
        Account bob;
        String conv;
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        try (var first = ChildServer.start(env)) {
            Api api = new Api(first.base);
            alice = api.signup("kill");
            bob = api.signup("keep");
            JsonNode g = api.as(alice.accessToken()).post("/api/conversations/groups", Map.of("name", "Durable")).json();
            conv = g.path("id").asText();
            assertThat(api.as(bob.accessToken()).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
            List<WsTestClient> sockets = new ArrayList<>();
            for (int i = 0; i < SOCKETS; i++) sockets.add(WsTestClient.live(first.base, alice.accessToken()));
            AtomicBoolean sending = new AtomicBoolean(true);
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (WsTestClient s : sockets) senders.add(CompletableFuture.runAsync(() -> sendUntilDead(s, conv, sending, acked)));
            // A random moment, counted in acks (so a slow machine still kills mid-stream), plus a random few ms.
            int killAtAcks = 20 + random.nextInt(300);
            long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < killAtAcks && System.nanoTime() < killDeadline) Thread.sleep(1);
            long killAfter = random.nextInt(50);
            Thread.sleep(killAfter);
            int ackedBeforeKill = acked.size();
            first.kill();
            sending.set(false);
            senders.forEach(CompletableFuture::join);
            sockets.forEach(WsTestClient::close);
            System.out.println("KillRestart " + engine() + ": killed " + killAfter + " ms after ack " + killAtAcks + "; " + ackedBeforeKill + " acked at the kill, " + acked.size() + " in all");
        }
        assertThat(acked).as("the server took messages before it was killed").isNotEmpty();
        try (var second = ChildServer.start(env)) {
            List<JsonNode> stored = history(new Api(second.base).as(bob.accessToken()), conv);
            Map<String, List<JsonNode>> byClientId = new HashMap<>();
            for (JsonNode m : stored) byClientId.computeIfAbsent(m.path("clientMsgId").asText(), k -> new ArrayList<>()).add(m);
            for (Acked a : acked.values()) {
                List<JsonNode> found = byClientId.getOrDefault(a.clientMsgId(), List.of());
                assertThat(found).as("acked message %s", a).hasSize(1);
                assertThat(found.getFirst().path("id").asText()).isEqualTo(a.id());
                assertThat(found.getFirst().path("seq").asLong()).isEqualTo(a.seq());
            }
            assertThat(byClientId.values()).allMatch(l -> l.size() == 1);
            assertThat(stored.stream().map(m -> m.path("seq").asLong()).toList())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, stored.size()).boxed().toList());
        } finally {
            dropSchema(env);
        }
    }

    /** Keeps {@link #IN_FLIGHT} sends outstanding on the socket until the server dies. */
    private static void sendUntilDead(WsTestClient s, String conv, AtomicBoolean sending, Map<String, Acked> acked) {
        var window = new java.util.concurrent.Semaphore(IN_FLIGHT);
        while (sending.get()) {
            try {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) continue;
                String cmid = UUID.randomUUID().toString();
                s.request("message.send", Map.of("conversationId", conv, "clientMsgId", cmid, "text", "durable " + cmid))
                        .whenComplete((f, err) -> {
                            window.release();
                            if (f != null && f.path("type").asText().equals("ack")) {
                                JsonNode m = f.path("data").path("message");
                                acked.put(cmid, new Acked(cmid, m.path("id").asText(), m.path("seq").asLong()));
                            }
                        });
            } catch (RuntimeException | InterruptedException gone) {
                return; // the socket died with the server
            }
        }
    }

    private static List<JsonNode> history(Api api, String conv) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            Api.Res r = api.get("/api/conversations/" + conv + "/messages?after=" + after + "&limit=100");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.json().path("items").forEach(all::add);
            if (!r.json().path("hasMore").asBoolean()) return all;
            after = all.getLast().path("seq").asLong();
        }
    }

    private Map<String, String> env(Path data) {
        Map<String, String> env = new HashMap<>();
        env.put("JUNTOS_BIND", "127.0.0.1");
        env.put("JUNTOS_DATA_DIR", data.toString());
        env.put("JUNTOS_LOG_LEVEL", "WARN");
        env.put("JUNTOS_PUBLIC_URL", "http://localhost:8080");
        env.put("JUNTOS_ALLOWED_ORIGINS", "http://localhost:8080");
        env.put("JUNTOS_WS_RATE", "10000");
        env.put("JUNTOS_WS_BURST", "10000");
        if (engine() == Engine.POSTGRES) {
            Services.requirePostgres();
            String schema = "k_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (var c = DriverManager.getConnection(Services.PG_URL); var st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            env.put("JUNTOS_DB_URL", Services.PG_URL + (Services.PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            env.put("JUNTOS_DB_POOL_SIZE", "5");
            env.put("test.schema", schema);
        }
        return env;
    }

    private static void dropSchema(Map<String, String> env) throws java.sql.SQLException {
        String schema = env.get("test.schema");
        if (schema == null) return;
        try (var c = DriverManager.getConnection(Services.PG_URL); var st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** {@code io.juntos.Main} in a child JVM on the test classpath, so that it can be killed for real. */
    private static final class ChildServer implements AutoCloseable {
        final Process process;
        final String base;
        final Path log;

        private ChildServer(Process process, String base, Path log) {
            this.process = process;
            this.base = base;
            this.log = log;
        }

        static ChildServer start(Map<String, String> env) throws IOException, InterruptedException {
            int port;
            try (var s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            Path log = Files.createTempFile("juntos-kill-", ".log");
            var pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.juntos.Main")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            pb.environment().remove("test.schema");
            pb.environment().put("JUNTOS_PORT", Integer.toString(port));
            var child = new ChildServer(pb.start(), "http://127.0.0.1:" + port, log);
            child.awaitReady();
            return child;
        }

        private void awaitReady() throws InterruptedException {
            var http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new IllegalStateException("child server exited with " + process.exitValue() + ": " + logTail());
                try {
                    var res = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (res.statusCode() == 200) return;
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new IllegalStateException("child server not ready at " + base + " within 180 s (machine load "
                    + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + "): " + logTail());
        }

        private String logTail() {
            try {
                String s = Files.readString(log);
                return s.substring(Math.max(0, s.length() - 2000));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        /** SIGKILL: no shutdown hook, no flush, no goodbye. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
            }
        }
    }
}
