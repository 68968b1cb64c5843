package io.juntos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The messaging load benchmark of issue 4: the same clients, rates and clock against socket.io and
 * the Juntos gateway, each server in its own process. Run it with {@code bash bench/messaging/run.sh}
 * (see docs/benchmarks.md); it is never part of {@code mvn test}.
 */
public final class MessagingBench {
    private static final Path OUT = Path.of("target", "bench");
    private final BenchOptions o;

    private MessagingBench(BenchOptions options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("messaging bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        String machine = Machine.describe();
        log(machine);
        var results = new ArrayList<TargetResult>();
        var bench = new MessagingBench(options);
        if (options.targets().contains("socketio")) results.add(bench.run("socket.io"));
        if (options.targets().contains("juntos")) results.add(bench.run("Juntos"));
        if (options.targets().contains("juntos-pg")) results.add(bench.run("Juntos (PostgreSQL)"));
        String report = new Report(options).render(machine + "\n- load average at the end: " + Machine.loadAverage() + "\n", results);
        Files.createDirectories(OUT);
        Path file = OUT.resolve("messaging-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + ".md");
        Files.writeString(file, report);
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + file + ")");
        System.exit(0);
    }

    private TargetResult run(String name) {
        log("== " + name);
        double prepare = 0;
        TargetResult.Idle idle = null;
        var steps = new ArrayList<StepResult>();
        String settings = "";
        try (Target target = start(name); var fleet = new Fleet(target.wire())) {
            settings = target.settings();
            long t0 = System.nanoTime();
            List<Member> members = target.prepare(o.clients(), o.groupSize());
            prepare = seconds(t0);
            log(String.format(Locale.ROOT, "prepared %d clients in %.1f s", members.size(), prepare));
            // The load ladder first: on a loaded machine the 10,000 idle handshakes are the slow
            // part, and the throughput figures must not depend on them finishing.
            load(target, fleet, members, steps);
            if (o.idleConnections() > 0) idle = idle(target, fleet, members);
            return new TargetResult(name, settings, prepare, idle, steps, null);
        } catch (Exception e) {
            log(name + " failed: " + e);
            e.printStackTrace();
            return new TargetResult(name, settings, prepare, idle, steps, String.valueOf(e));
        }
    }

    private Target start(String name) throws Exception {
        return switch (name) {
            case "Juntos" -> JuntosTarget.start(OUT, o.serverHeap(), o.juntosJar(), o.serverJvmArgs(), false);
            case "Juntos (PostgreSQL)" -> JuntosTarget.start(OUT, o.serverHeap(), o.juntosJar(), o.serverJvmArgs(), true);
            default -> SocketIoTarget.start(OUT);
        };
    }

    /** Opens the idle connections (member i mod N's credentials and room), measures memory, closes them. */
    private TargetResult.Idle idle(Target target, Fleet fleet, List<Member> members) throws Exception {
        Target.Memory before = target.memory();
        var idleMembers = new ArrayList<Member>(o.idleConnections());
        for (int i = 0; i < o.idleConnections(); i++) {
            Member m = members.get(i % members.size());
            idleMembers.add(new Member(members.size() + i, m.room(), m.userId(), m.token()));
        }
        long t0 = System.nanoTime();
        int closesBefore = fleet.unexpectedCloses();
        List<BenchClient> clients = fleet.open(idleMembers);
        double open = seconds(t0);
        Thread.sleep(3000);
        Target.Memory after = target.memory();
        int dropped = fleet.unexpectedCloses() - closesBefore;
        log(String.format(Locale.ROOT, "%d idle connections opened in %.1f s; heap %.1f -> %.1f MiB, rss %.1f -> %.1f MiB, dropped %d",
                clients.size(), open, before.heapBytes() / 1048576.0, after.heapBytes() / 1048576.0,
                before.rssBytes() / 1048576.0, after.rssBytes() / 1048576.0, dropped));
        fleet.closeAll(clients);
        return new TargetResult.Idle(clients.size(), open, before, after, dropped);
    }

    private void load(Target target, Fleet fleet, List<Member> members, List<StepResult> steps) throws Exception {
        List<BenchClient> clients = fleet.open(members);
        Thread.sleep(1000);
        var step = new LoadStep(fleet, clients, o.groupSize(), target::cpuMillis);
        // Both runtimes compile hot code as they go (JIT): a first unrecorded stretch at the lowest rate.
        var jit = step.run(o.rates().getFirst(), Duration.ofSeconds(5), Duration.ofSeconds(1), o.drain());
        log(String.format(Locale.ROOT, "JIT warm-up at %d msg/s done (p50 %.1f ms at its end)", jit.rate(), jit.delivery().p50Ms()));
        for (int rate : o.rates()) {
            // On a shared machine another process's burst can spoil one step's tail: a step that is
            // not sustained runs again (o.retries() times, same for both servers); every attempt is reported.
            boolean ok = false;
            for (int attempt = 0; attempt <= o.retries() && !ok; attempt++) {
                StepResult r = step.run(rate, o.warmup(), o.measure(), o.drain());
                steps.add(r);
                ok = r.sustained(o);
                String verdict = ok ? "" : attempt < o.retries() ? "  -> not sustained, running it again" : "  -> not sustained, ladder stops";
                log(String.format(Locale.ROOT, "rate %5d msg/s: sent %.0f/s, delivered %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, missing %d, refused %d, closes %d, other frames %d, server CPU %.0f%%, generator CPU %.0f%%, load %s%s",
                        rate, r.sentPerSecond(), r.deliveredPerSecond(), r.delivery().p50Ms(), r.delivery().p99Ms(), r.delivery().maxMs(),
                        r.missingDeliveries(), r.refused(), r.closes(), r.otherFrames(), r.serverCpuPercent(), r.generatorCpuPercent(), r.loadAverage(), verdict));
                r.refusals().forEach(f -> log("  refused: " + f));
                fleet.closeReasons().forEach(c -> log("  closed: " + c));
            }
            if (!ok) break;
        }
        fleet.tally(Tally.idle());
        fleet.closeAll(clients);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void log(String line) {
        System.out.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
    }

    /** Where the figures come from. */
    static final class Machine {
        static String describe() throws IOException, InterruptedException {
            return String.join("\n",
                    "- date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    "- machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu() + "), " + memTotal() + " RAM, shared with other work",
                    "- load average at the start: " + loadAverage(),
                    "- JDK " + Runtime.version() + ", node " + command("node", "--version") + ", socket.io " + socketIoVersion());
        }

        static String loadAverage() {
            try {
                return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
            } catch (IOException e) {
                return "unknown";
            }
        }

        private static String cpu() throws IOException {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        }

        private static String memTotal() throws IOException {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                    .findFirst().orElse("unknown");
        }

        private static String socketIoVersion() throws IOException {
            Path p = Path.of("bench", "messaging", "node_modules", "socket.io", "package.json");
            if (!Files.exists(p)) return "not installed";
            var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(p));
            return m.find() ? m.group(1) : "unknown";
        }

        private static String command(String... cmd) throws IOException, InterruptedException {
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        }
    }
}
