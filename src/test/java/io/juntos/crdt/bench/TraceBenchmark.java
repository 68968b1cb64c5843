package io.juntos.crdt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.crdt.ConcurrentTraceReplay;
import io.juntos.crdt.EditingTrace;
import io.juntos.crdt.TextDoc;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Replays the automerge-paper trace into the Java engine, Yjs and Automerge (through
 * {@code bench/crdt/replay.mjs}) in one run and prints the figures and ratios recorded in
 * {@code docs/benchmarks.md}. Hand-written best-of-N harness: warm-up runs first, then
 * the fastest of several measured runs. Run with {@code bash bench/crdt/run.sh}.
 */
public final class TraceBenchmark {
    private static final int WARMUP = 10;
    private static final int RUNS = 30;

    private TraceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path tracePath = EditingTrace.path("automerge-paper.json.gz");
        EditingTrace trace = EditingTrace.load(tracePath);
        System.out.printf("trace %s: %,d patches, end length %,d%n", tracePath, trace.patchCount(), trace.endContent().length());

        Timed<TextDoc> replay = bestOf(WARMUP, RUNS, () -> trace.replay(1));
        check(replay.value.text().equals(trace.endContent()), "replayed text differs from endContent");
        byte[] snapshot = replay.value.encodeSnapshot();
        byte[] update = replay.value.encodeStateAsUpdate();
        Timed<TextDoc> load = bestOf(WARMUP * 4, RUNS * 2, () -> TextDoc.fromSnapshot(2, snapshot));
        check(load.value.text().equals(trace.endContent()), "loaded snapshot differs from endContent");
        long heapReplayed = retained(() -> trace.replay(1));
        long heapLoaded = retained(() -> TextDoc.fromSnapshot(2, snapshot));

        // The server's case: a replica receiving every edit as its own update.
        List<byte[]> updates = new java.util.ArrayList<>();
        TextDoc author = new TextDoc(1);
        author.observeUpdates(updates::add);
        replayInto(trace, author);
        Timed<TextDoc> receive = bestOf(1, 3, () -> receiveAll(updates));
        check(receive.value.text().equals(trace.endContent()), "receiving replica differs from endContent");
        byte[] received = receive.value.encodeSnapshot();
        long heapReceived = retained(() -> receiveAll(updates));

        EditingTrace friends = EditingTrace.load(EditingTrace.path("friendsforever.json.gz"));
        Timed<List<TextDoc>> concurrent = bestOf(2, 3, () -> new ConcurrentTraceReplay(friends).run());
        for (TextDoc doc : concurrent.value) {
            check(doc.text().equals(friends.endContent()), "friendsforever replica did not converge");
        }

        System.out.printf(Locale.ROOT, "receiving replica (%,d single-edit updates): apply all %.1f ms (%,.0f updates/s),"
                        + " snapshot %,d B (author %,d B, byte-identical: %s), retained heap %,d B (author %,d B)%n",
                updates.size(), receive.ms, updates.size() / (receive.ms / 1000), received.length, snapshot.length,
                java.util.Arrays.equals(received, snapshot) ? "yes" : "NO", heapReceived, heapReplayed);
        if (Boolean.getBoolean("bench.javaOnly")) {
            System.out.printf(Locale.ROOT, "Java only: replay %.1f ms, snapshot %,d B, load %.2f ms, heap %,d B (loaded %,d B),"
                    + " friendsforever %.1f ms%n", replay.ms, snapshot.length, load.ms, heapReplayed, heapLoaded, concurrent.ms);
            return;
        }
        JsonNode js = runNode(tracePath);
        JsonNode yjs = js.get("yjs");
        JsonNode am = js.get("automerge");
        System.out.println();
        System.out.printf("%-34s %14s %14s %14s%n", "automerge-paper (259,778 edits)", "Juntos (Java)", "Yjs " + yjs.get("version").asText(),
                "Automerge " + am.get("version").asText());
        row("replay, best of runs (ms)", replay.ms, yjs.get("replayMs").asDouble(), am.get("replayMs").asDouble());
        row("snapshot size (bytes)", snapshot.length, yjs.get("snapshotBytes").asDouble(), am.get("snapshotBytes").asDouble());
        row("snapshot load (ms)", load.ms, yjs.get("loadMs").asDouble(), am.get("loadMs").asDouble());
        row("retained heap after replay (bytes)", heapReplayed, yjs.get("retainedBytes").asDouble(), am.get("retainedBytes").asDouble());
        System.out.printf("%-34s %14s %14s %14s%n", "final text equals endContent", "yes", yjs.get("correct").asBoolean() ? "yes" : "NO",
                am.get("correct").asBoolean() ? "yes" : "NO");
        System.out.println();
        System.out.printf(Locale.ROOT, "ratios (theirs / ours, >1 means Juntos is better):%n");
        ratio("replay time", yjs.get("replayMs").asDouble(), am.get("replayMs").asDouble(), replay.ms);
        ratio("snapshot size", yjs.get("snapshotBytes").asDouble(), am.get("snapshotBytes").asDouble(), snapshot.length);
        ratio("snapshot load", yjs.get("loadMs").asDouble(), am.get("loadMs").asDouble(), load.ms);
        ratio("retained heap", yjs.get("retainedBytes").asDouble(), am.get("retainedBytes").asDouble(), heapReplayed);
        System.out.println();
        System.out.printf(Locale.ROOT, "Juntos extra: full update (per-replica encoding) %,d bytes; Yjs V1 update %,d bytes;"
                        + " retained heap of a snapshot-loaded doc %,d bytes%n",
                update.length, yjs.get("snapshotV1Bytes").asLong(), heapLoaded);
        JsonNode twin = js.get("twin");
        System.out.printf(Locale.ROOT, "Juntos JS twin in node (reference, not a target): replay %.1f ms, load %.2f ms, correct %s,"
                        + " snapshot %,d B, byte-identical to the Java snapshot: %s%n",
                twin.get("replayMs").asDouble(), twin.get("loadMs").asDouble(), twin.get("correct").asBoolean() ? "yes" : "NO",
                twin.get("snapshotBytes").asLong(), sha256(snapshot).equals(twin.get("snapshotSha256").asText()) ? "yes" : "NO");
        System.out.printf(Locale.ROOT, "Juntos JS twin as a receiving replica: apply all %.1f ms, correct %s, snapshot %,d B,"
                        + " byte-identical to the Java receiving replica's: %s%n",
                twin.get("receiveMs").asDouble(), twin.get("receiveCorrect").asBoolean() ? "yes" : "NO",
                twin.get("receivedSnapshotBytes").asLong(), sha256(received).equals(twin.get("receivedSnapshotSha256").asText()) ? "yes" : "NO");
        System.out.printf(Locale.ROOT, "friendsforever (2 agents, %,d txns): replay + merge best %.1f ms, all replicas converge to endContent%n",
                friends.parents().length, concurrent.ms);
        System.out.printf(Locale.ROOT, "JVM %s, node %s, %d CPUs, load average at the end: %s%n", System.getProperty("java.version"),
                js.get("node").asText(), Runtime.getRuntime().availableProcessors(), loadAverage());
    }

    private static void replayInto(EditingTrace trace, TextDoc doc) {
        for (int i = 0; i < trace.patchCount(); i++) {
            if (trace.del()[i] > 0) {
                doc.delete(trace.pos()[i], trace.del()[i]);
            }
            if (!trace.ins()[i].isEmpty()) {
                doc.insert(trace.pos()[i], trace.ins()[i]);
            }
        }
    }

    private static TextDoc receiveAll(List<byte[]> updates) {
        TextDoc doc = new TextDoc(2);
        updates.forEach(doc::applyUpdate);
        return doc;
    }

    private record Timed<T>(double ms, T value) {
    }

    private static <T> Timed<T> bestOf(int warmup, int runs, Supplier<T> work) {
        for (int i = 0; i < warmup; i++) {
            work.get();
        }
        double best = Double.MAX_VALUE;
        T value = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            value = work.get();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return new Timed<>(best, value);
    }

    /** Heap still used by what {@code build} returns, after full GCs before and after. */
    private static long retained(Supplier<Object> build) {
        fullGc();
        long before = usedHeap();
        Object kept = build.get();
        fullGc();
        long after = usedHeap();
        if (kept.hashCode() == 42) {
            System.out.print("");
        }
        return after - before;
    }

    private static void fullGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static JsonNode runNode(Path trace) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", "--expose-gc", "bench/crdt/replay.mjs", trace.toString(), "5")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("node replay failed: " + out);
        }
        return new ObjectMapper().readTree(out);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The machine is shared: the load average says how much the figures can be trusted. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void row(String label, double ours, double yjs, double am) {
        System.out.printf(Locale.ROOT, "%-34s %,14.1f %,14.1f %,14.1f%n", label, ours, yjs, am);
    }

    private static void ratio(String label, double yjs, double am, double ours) {
        System.out.printf(Locale.ROOT, "  %-16s vs Yjs %6.2fx   vs Automerge %6.2fx%n", label, yjs / ours, am / ours);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
