package io.juntos.bench;

import io.juntos.crdt.TextDoc;
import io.juntos.lists.ListCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * The lists benchmark of issue 17 ({@code bash bench/lists/run.sh}; never part of {@code mvn
 * test}): N clients co-edit one list over WebSockets, each typing into its own item's notes, at
 * a ladder of total rates, against Hocuspocus (Yjs) and Juntos in the same run; then an overload
 * step (4 clients far past what either sustains) with a convergence check, and the
 * automerge-paper trace replayed through Juntos as single-edit updates. Options key=value:
 * clients=16 rates=500,1000,2000,4000 measure=6 warmup=2 overload=16000 trace=true targets=hocuspocus,juntos.
 */
public final class ListsBench {
    private static final Path OUT = Path.of("target", "bench");
    private static final Path TRACE = Path.of("..", "shared", "traces", "automerge-paper.json.gz");
    private final Map<String, String> o = new LinkedHashMap<>(Map.of("clients", "16", "rates", "500,1000,2000,4000", "measure", "6",
            "warmup", "2", "overload", "16000", "overloadClients", "4", "overloadSeconds", "5", "trace", "true", "targets", "hocuspocus,juntos"));
    private final StringBuilder report = new StringBuilder();

    /** One step's figures. */
    record Step(String name, int offered, double appliedPerSecond, double p50, double p99, double max, long deliveries,
                double cpuMicrosPerUpdate, double serverCpuPercent, long refused, String check) {
    }

    public static void main(String[] args) throws Exception {
        var bench = new ListsBench();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !bench.o.containsKey(a.substring(0, eq))) throw new IllegalArgumentException("unknown option " + a + "; known: " + bench.o.keySet());
            bench.o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Files.createDirectories(OUT);
        bench.line("# Lists benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        bench.line(MessagingBench.Machine.describe().replace("socket.io", "Hocuspocus").replaceAll("Hocuspocus [^,\\n]*", "Hocuspocus " + version("@hocuspocus/server")
                + ", Yjs " + version("yjs")));
        bench.line("- options: " + bench.o);
        for (String t : bench.o.get("targets").split(",")) {
            try {
                if (t.equals("hocuspocus")) bench.hocuspocus();
                else bench.juntos();
            } catch (Exception e) {
                bench.line("\n**" + t + " failed: " + e + "**");
                e.printStackTrace();
            }
        }
        bench.line("\n- load average at the end: " + MessagingBench.Machine.loadAverage());
        Path file = OUT.resolve("lists-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + ".md");
        Files.writeString(file, bench.report);
        System.out.println("\n" + bench.report + "\n(written to " + file + ")");
        System.exit(0);
    }

    private static String version(String pkg) {
        try {
            String json = Files.readString(Path.of("bench", "lists", "node_modules", pkg, "package.json"));
            var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "not installed";
        }
    }

    private void line(String s) {
        MessagingBench.log(s);
        report.append(s).append('\n');
    }

    private int clients() {
        return Integer.parseInt(o.get("clients"));
    }

    private int[] rates() {
        return Arrays.stream(o.get("rates").split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Updates each client needs for the whole ladder and the overload step, with room to spare. */
    private int capacity() {
        int seconds = Integer.parseInt(o.get("measure")) + Integer.parseInt(o.get("warmup"));
        long ladder = Arrays.stream(rates()).asLongStream().sum() * seconds / clients();
        long overload = (long) Integer.parseInt(o.get("overload")) * Integer.parseInt(o.get("overloadSeconds")) / Integer.parseInt(o.get("overloadClients"));
        return (int) (ladder + overload + 2000);
    }

    private void hocuspocus() throws Exception {
        line("\n## Hocuspocus " + version("@hocuspocus/server") + " (@hocuspocus/extension-sqlite, Yjs clients, the same Java generator)");
        try (var peer = HocuspocusPeer.start(OUT)) {
            peer.prepare(clients(), capacity(), OUT);
            LongSupplier cpu = peer.server::cpuMillis;
            var steps = ladder(new ArrayList<>(peer.editors), cpu, () -> check(peer.editors, peer.notesLengths(), "item", 0));
            Thread.sleep(3000); // its store debounce (2 s after the last change)
            var stats = peer.stats();
            table(steps);
            line(String.format(Locale.ROOT, "- server heap after GC %.1f MiB, RSS %.1f MiB; stored document %,d B (SQLite file %,d B)",
                    stats.path("heapBytes").asLong() / 1048576.0, stats.path("rssBytes").asLong() / 1048576.0, stats.path("storedBytes").asLong(), peer.diskBytes()));
        }
    }

    private void juntos() throws Exception {
        line("\n## Juntos (SQLite, every update committed before its ack)");
        try (var peer = JuntosListsPeer.start(OUT, Path.of("target", "juntos.jar"), "1g")) {
            peer.prepare(clients(), capacity());
            LongSupplier cpu = peer.server::cpuMillis;
            var steps = ladder(new ArrayList<>(peer.editors), cpu, () -> check(peer.editors, peer.notesLengths(), "bench", 1));
            table(steps);
            line(String.format(Locale.ROOT, "- server heap after GC %.1f MiB; stored list snapshot %,d B; data folder on disk %,d B",
                    peer.heapBytes() / 1048576.0, peer.snapshotBytes(), peer.diskBytes()));
            if (!peer.errors.isEmpty()) line("- other errors: " + peer.errors);
            if (Boolean.parseBoolean(o.get("trace"))) trace(peer);
        }
    }

    private interface Check {
        String run() throws Exception;
    }

    private List<Step> ladder(List<? extends ListsEditor> editors, LongSupplier cpu, Check check) throws Exception {
        var steps = new ArrayList<Step>();
        int warm = Integer.parseInt(o.get("warmup"));
        int measure = Integer.parseInt(o.get("measure"));
        for (int rate : rates()) {
            Step s = step("" + editors.size() + " clients", editors, rate, warm, measure, cpu, check);
            steps.add(s);
            if (s.appliedPerSecond() < 0.9 * rate || !s.check().startsWith("ok")) break;
        }
        var few = editors.subList(0, Integer.parseInt(o.get("overloadClients")));
        steps.add(step("overload: " + few.size() + " clients", few, Integer.parseInt(o.get("overload")), 0, Integer.parseInt(o.get("overloadSeconds")), cpu, check));
        return steps;
    }

    /** Sends at {@code rate} updates/s in total for warm + measure seconds, drains, checks convergence. */
    private Step step(String name, List<? extends ListsEditor> editors, int rate, int warm, int measure, LongSupplier cpu, Check check) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warm * 1_000_000_000L;
        long end = measureFrom + measure * 1_000_000_000L;
        double[] due = new double[editors.size()];
        double perClientPerNano = rate / 1e9 / editors.size();
        long last = start;
        boolean measuring = false;
        long cpu0 = 0;
        int acked0 = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            if (!measuring && now >= measureFrom) {
                measuring = true;
                cpu0 = cpu.getAsLong();
                acked0 = editors.stream().mapToInt(e -> e.acked.get()).sum();
                editors.forEach(ListsEditor::swapLatencies);
            }
            long dt = now - last;
            last = now;
            for (int i = 0; i < editors.size(); i++) {
                due[i] += dt * perClientPerNano;
                while (due[i] >= 1) {
                    due[i] -= 1;
                    editors.get(i).sendNext();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
        long cpu1 = cpu.getAsLong();
        int acked1 = editors.stream().mapToInt(e -> e.acked.get()).sum();
        double seconds = measure;
        drain(editors);
        var h = new LogHistogram();
        for (ListsEditor e : editors) h.add(e.swapLatencies());
        long refused = editors.stream().mapToLong(e -> e.refused.getAndSet(0)).sum();
        int applied = acked1 - acked0;
        String verdict = check.run();
        var s = new Step(name, rate, applied / seconds, h.quantileMs(0.5), h.quantileMs(0.99), h.maxMs(), h.count(),
                applied == 0 ? 0 : (cpu1 - cpu0) * 1000.0 / applied, (cpu1 - cpu0) / 10.0 / seconds, refused, verdict);
        MessagingBench.log(String.format(Locale.ROOT, "%s at %d/s: applied %.0f/s, p50 %.1f ms, p99 %.1f ms, CPU %.0f µs/update, refused %d, %s",
                name, rate, s.appliedPerSecond(), s.p50(), s.p99(), s.cpuMicrosPerUpdate(), refused, verdict));
        return s;
    }

    /** Waits (up to 120 s) until every sent update is acknowledged and every client has every other's. */
    private static void drain(List<? extends ListsEditor> editors) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && !settled(editors)) Thread.sleep(100);
    }

    private static boolean settled(List<? extends ListsEditor> editors) {
        for (ListsEditor e : editors) {
            if (e.closed != null) continue;
            if (e.acked.get() < e.next.get()) return false;
            for (ListsEditor other : editors) {
                if (other != e && other.closed == null && e.receivedFrom[other.index] < other.acked.get()) return false;
            }
        }
        return true;
    }

    /**
     * Convergence: nothing refused for good (every sent update acknowledged), every client
     * received every acknowledged update of every other client (so its replica equals the
     * others'), and the server's document holds each client's notes in full.
     */
    private static String check(List<? extends ListsEditor> all, Map<String, Integer> notes, String itemPrefix, int creates) {
        var problems = new ArrayList<String>();
        for (ListsEditor e : all) {
            if (e.closed != null) problems.add("client " + e.index + " disconnected (" + e.closed + ")");
            if (e.acked.get() != e.next.get()) problems.add("client " + e.index + ": " + (e.next.get() - e.acked.get()) + " updates never acknowledged");
            Integer len = notes.get(itemPrefix + e.index);
            int typed = Math.max(0, e.acked.get() - creates);
            if (e.next.get() > 0 && (len == null || len != typed)) problems.add("server has " + len + " characters of client " + e.index + "'s " + typed);
            for (ListsEditor other : all) {
                if (other == e || e.closed != null || other.closed != null) continue;
                if (e.receivedFrom[other.index] != other.acked.get()) {
                    problems.add("client " + e.index + " has " + e.receivedFrom[other.index] + " of client " + other.index + "'s " + other.acked.get() + " updates");
                }
            }
        }
        if (problems.isEmpty()) return "ok: converged";
        return "DIVERGED: " + problems.size() + " problems, e.g. " + String.join("; ", problems.subList(0, Math.min(3, problems.size())));
    }

    private void table(List<Step> steps) {
        line("\n| step | offered /s | applied /s | p50 ms | p99 ms | max ms | deliveries | server CPU µs/update | server CPU % | refused (retried) | convergence |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Step s : steps) {
            line(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %,d | %.0f | %.0f | %,d | %s |", s.name(), s.offered(), s.appliedPerSecond(),
                    s.p50(), s.p99(), s.max(), s.deliveries(), s.cpuMicrosPerUpdate(), s.serverCpuPercent(), s.refused(), s.check()));
        }
    }

    /** automerge-paper as 259,778 single-edit updates into one item's notes, pipelined, through the server. */
    private void trace(JuntosListsPeer peer) throws Exception {
        if (!Files.isRegularFile(TRACE)) {
            line("\n(trace replay skipped: " + TRACE + " is missing)");
            return;
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new GZIPInputStream(Files.newInputStream(TRACE)));
        var patches = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        json.path("txns").forEach(t -> t.path("patches").forEach(patches::add));
        var e = peer.traceEditor(patches.size() + 1);
        int replica = e.replica();
        String item = "trace";
        var order = new io.juntos.crdt.ListDoc(replica);
        var notes = new TextDoc(replica);
        var parts = new ArrayList<ListCodec.Part>();
        order.observeUpdates(b -> parts.add(new ListCodec.DocPart("order", b)));
        notes.observeUpdates(b -> parts.add(new ListCodec.DocPart("notes:" + item, b)));
        e.updates = new String[patches.size() + 1];
        order.insert(0, item);
        parts.add(new ListCodec.FieldPart(item, "created", 1, replica, "{\"by\":\"" + ownerId(peer) + "\",\"at\":\"" + Instant.now() + "\"}"));
        e.updates[0] = java.util.Base64.getEncoder().encodeToString(ListCodec.encode(parts));
        for (int i = 0; i < patches.size(); i++) {
            parts.clear();
            var p = patches.get(i);
            if (p.get(1).asInt() > 0) notes.delete(p.get(0).asInt(), p.get(1).asInt());
            if (!p.get(2).asText().isEmpty()) notes.insert(p.get(0).asInt(), p.get(2).asText());
            e.updates[i + 1] = java.util.Base64.getEncoder().encodeToString(ListCodec.encode(parts));
        }
        boolean correct = notes.text().equals(json.path("endContent").asText());
        long cpu0 = peer.server.cpuMillis();
        long t0 = System.nanoTime();
        int window = 512;
        while (e.next.get() < e.capacity()) {
            while (e.next.get() - e.acked.get() < window && e.sendNext()) {
                // pipelined up to the window; refused ones come back through the retry path
            }
            Thread.onSpinWait();
            if (e.closed != null) throw new IllegalStateException("trace socket closed: " + e.closed);
        }
        while (e.acked.get() < e.capacity() && e.closed == null) Thread.sleep(5);
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu = peer.server.cpuMillis() - cpu0;
        var lengths = peer.notesLengths();
        boolean serverCorrect = lengths.getOrDefault(item, -1) == json.path("endContent").asText().length();
        var yjs = new ProcessBuilder("node", "bench/lists/yjs-updates.mjs", "1", "1", OUT.resolve("yjs-trace.bin").toString(), TRACE.toString())
                .redirectErrorStream(true).start();
        String yjsOut = new String(yjs.getInputStream().readAllBytes()).trim();
        yjs.waitFor();
        var y = new com.fasterxml.jackson.databind.ObjectMapper().readTree(yjsOut);
        long snapshot = peer.snapshotBytes();
        line("\n## automerge-paper through the server (one item's notes, " + String.format(Locale.ROOT, "%,d", patches.size()) + " single-edit updates, window " + window + ")");
        line(String.format(Locale.ROOT, "- %,.0f updates/s (%.1f s), server CPU %.0f µs/update, refused and retried %d; generator replica correct: %s, server's notes length correct: %s",
                e.capacity() / secs, secs, cpu * 1000.0 / e.capacity(), e.refused.get(), correct, serverCorrect));
        line(String.format(Locale.ROOT, "- stored list snapshot (whole L1 document, GET /api/lists/{id}/doc) after the run: %,d B; Yjs encoding of the same content: %,d B (V2), %,d B (V1, what Hocuspocus stores)",
                snapshot, y.path("traceYjsV2Bytes").asLong(), y.path("traceYjsV1Bytes").asLong()));
        line(String.format(Locale.ROOT, "- data folder on disk (SQLite with every update of the whole run in its log): %,d B", peer.diskBytes()));
        e.close();
    }

    private static String ownerId(JuntosListsPeer peer) {
        return peer.editors.getFirst().ownerAccountId();
    }
}
