package io.juntos.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's settings, from {@code key=value} arguments; a bad or unknown one stops the run
 * naming it. Defaults keep one full run (both servers) to about five minutes on two cores.
 */
record BenchOptions(
        int clients,
        int groupSize,
        List<Integer> rates,
        Duration warmup,
        Duration measure,
        Duration drain,
        int idleConnections,
        int retries,
        long maxP50Millis,
        long maxP99Millis,
        String serverHeap,
        java.nio.file.Path juntosJar,
        List<String> serverJvmArgs,
        Set<String> targets) {

    static final String USAGE = """
            options (key=value): clients=256 group=8 rates=500,1000,2000,3000,4000,6000,8000,12000,16000,24000
              warmup=2 measure=8 drain=3 (seconds) retries=1 (runs of a step that was not sustained) idle=10000 max-p50-ms=25 max-p99-ms=1000 server-heap=512m
              juntos-jar=target/juntos.jar server-jvm-args= (extra JVM flags for Juntos, separated by spaces)
              targets=socketio,juntos (juntos-pg: Juntos on the local PostgreSQL, a fresh schema)""";

    private static final Set<String> KEYS = Set.of("clients", "group", "rates", "warmup", "measure", "drain", "idle", "retries",
            "max-p50-ms", "max-p99-ms", "server-heap", "juntos-jar", "server-jvm-args", "targets");

    static BenchOptions parse(String... args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            if (a.isBlank()) continue;
            int eq = a.indexOf('=');
            if (eq < 1 || !KEYS.contains(a.substring(0, eq))) throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        var o = new BenchOptions(
                integer(m, "clients", 256),
                integer(m, "group", 8),
                Arrays.stream(m.getOrDefault("rates", "500,1000,2000,3000,4000,6000,8000,12000,16000,24000").split(","))
                        .map(String::trim).map(Integer::parseInt).toList(),
                Duration.ofSeconds(integer(m, "warmup", 2)),
                Duration.ofSeconds(integer(m, "measure", 8)),
                Duration.ofSeconds(integer(m, "drain", 3)),
                integer(m, "idle", 10_000),
                integer(m, "retries", 1),
                integer(m, "max-p50-ms", 25),
                integer(m, "max-p99-ms", 1000),
                m.getOrDefault("server-heap", "512m"),
                java.nio.file.Path.of(m.getOrDefault("juntos-jar", "target/juntos.jar")),
                Arrays.stream(m.getOrDefault("server-jvm-args", "").split(" ")).filter(a -> !a.isBlank()).toList(),
                Set.of(m.getOrDefault("targets", "socketio,juntos").split(",")));
        o.validate();
        return o;
    }

    private void validate() {
        if (groupSize < 2) throw new IllegalArgumentException("group must be at least 2");
        if (clients < groupSize || clients % groupSize != 0) throw new IllegalArgumentException("clients must be a multiple of group (" + groupSize + ")");
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1)) throw new IllegalArgumentException("rates must be positive");
        if (measure.isZero()) throw new IllegalArgumentException("measure must be at least 1 second");
        if (retries < 0) throw new IllegalArgumentException("retries must not be negative");
        if (idleConnections < 0) throw new IllegalArgumentException("idle must not be negative");
        if (!Set.of("socketio", "juntos", "juntos-pg").containsAll(targets)) throw new IllegalArgumentException("targets are socketio, juntos and/or juntos-pg");
        if (!serverHeap.matches("\\d+[mMgG]")) throw new IllegalArgumentException("server-heap is like 512m");
    }

    private static int integer(Map<String, String> m, String key, int def) {
        String v = m.get(key);
        if (v == null) return def;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
    }
}
