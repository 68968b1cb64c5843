package io.juntos.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The markdown the benchmark prints (and docs/benchmarks.md quotes). */
final class Report {
    private final BenchOptions o;

    Report(BenchOptions options) {
        this.o = options;
    }

    String render(String machine, List<TargetResult> results) {
        var sb = new StringBuilder();
        sb.append(machine).append('\n');
        sb.append(String.format(Locale.ROOT, "%d clients in rooms of %d, open loop, message k from client k mod %d; each step %ds warm-up + %ds measured"
                        + " (+ up to %ds drain); a step is *sustained* when ≥ 97%% of offered deliveries arrive in the window, ≤ 0.1%% are missing,"
                        + " nothing is refused, p50 ≤ %d ms (no queue building up) and p99 ≤ %d ms. A step that is not sustained runs again (up to %d more times,"
                        + " every attempt listed); the ladder stops at the first rate that no attempt sustained."
                        + " Server CPU is the server process's CPU time over the measured window (100%% = one core); generator CPU is the load"
                        + " generator's own over the same window; load avg is the 1-minute load average of the machine after the step.%n%n",
                o.clients(), o.groupSize(), o.clients(), o.warmup().toSeconds(), o.measure().toSeconds(), o.drain().toSeconds(), o.maxP50Millis(), o.maxP99Millis(),
                o.retries()));
        sb.append("| server | offered msg/s | sent msg/s | delivered msg/s | e2e p50 ms | e2e p99 ms | e2e max ms | ack p50 ms | ack p99 ms | missing | refused | server CPU | CPU ms / 1000 deliveries | generator CPU | load avg | sustained |\n");
        sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|\n");
        for (var r : results) {
            for (var s : r.steps()) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d | %.0f%% | %.1f | %.0f%% | %s | %s |%n",
                        r.name(), s.rate(), s.sentPerSecond(), s.deliveredPerSecond(), s.delivery().p50Ms(), s.delivery().p99Ms(),
                        s.delivery().maxMs(), s.ack().p50Ms(), s.ack().p99Ms(), s.missingDeliveries(), s.refused(),
                        s.serverCpuPercent(), s.cpuMillisPerThousand(), s.generatorCpuPercent(), s.loadAverage().split(" ")[0],
                        s.sustained(o) ? "yes" : "**no**"));
            }
        }
        sb.append("\n| server | idle connections | time to open | heap after GC, 0 conns | heap after GC, with them | heap per connection | RSS per connection | dropped |\n");
        sb.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (var r : results) {
            var i = r.idle();
            if (i == null) continue;
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f s | %.1f MiB | %.1f MiB | %.1f KiB | %.1f KiB | %d |%n", r.name(), i.connections(), i.openSeconds(),
                    mib(i.before().heapBytes()), mib(i.after().heapBytes()), i.heapPerConnection() / 1024, i.rssPerConnection() / 1024, i.dropped()));
        }
        sb.append('\n');
        for (var r : results) {
            sb.append("- ").append(r.name()).append(": ").append(r.settings())
                    .append(String.format(Locale.ROOT, "; preparing %d clients took %.1f s", o.clients(), r.prepareSeconds()));
            if (r.failure() != null) sb.append("; **failed: ").append(r.failure()).append("**");
            sb.append('\n');
        }
        sb.append('\n').append(ratios(results));
        return sb.toString();
    }

    private String ratios(List<TargetResult> results) {
        var sio = results.stream().filter(r -> r.name().equals("socket.io")).findFirst();
        var sb = new StringBuilder();
        for (var jun : results) {
            if (jun.name().startsWith("Juntos") && sio.isPresent()) sb.append("\n").append(jun.name()).append(" vs socket.io:\n").append(ratios(sio.get(), jun));
        }
        return sb.isEmpty() ? "(ratios need both servers)\n" : sb.toString();
    }

    private String ratios(TargetResult sioResult, TargetResult junResult) {
        var sio = Optional.of(sioResult);
        var jun = Optional.of(junResult);
        var sb = new StringBuilder();
        Optional<StepResult> sCap = sio.get().best(o, Double.MAX_VALUE);
        Optional<StepResult> jCap = jun.get().best(o, Double.MAX_VALUE);
        sb.append(String.format(Locale.ROOT, "- Sustained delivered msg/s: socket.io %s, Juntos %s%n", describe(sCap), describe(jCap)));
        if (sCap.isPresent() && jCap.isPresent()) {
            var jAtP99 = jun.get().best(o, sCap.get().delivery().p99Ms());
            sb.append(String.format(Locale.ROOT, "- Ratio %s / socket.io, sustained delivered msg/s: **%.2f×**%n",
                    jun.get().name(), jCap.get().deliveredPerSecond() / sCap.get().deliveredPerSecond()));
            sb.append(String.format(Locale.ROOT, "- Ratio at equal or lower p99 (Juntos' best step with p99 ≤ socket.io's %.1f ms): **%s** (target ≥ 3×)%n",
                    sCap.get().delivery().p99Ms(),
                    jAtP99.map(j -> String.format(Locale.ROOT, "%.2f×", j.deliveredPerSecond() / sCap.get().deliveredPerSecond())).orElse("no step qualifies")));
        }
        var common = sio.get().steps().stream().filter(x -> x.sustained(o))
                .flatMap(x -> jun.get().steps().stream().filter(y -> y.rate() == x.rate() && y.sustained(o))
                        .map(y -> new StepResult[] {x, y}))
                .reduce((a, b) -> b);
        common.ifPresent(p -> sb.append(String.format(Locale.ROOT,
                "- At %d msg/s (highest rate both sustained): p99 socket.io %.1f ms vs Juntos %.1f ms; server CPU per 1000 deliveries socket.io %.1f ms vs Juntos %.1f ms (Ratio %.2f×)%n",
                p[0].rate(), p[0].delivery().p99Ms(), p[1].delivery().p99Ms(), p[0].cpuMillisPerThousand(), p[1].cpuMillisPerThousand(),
                p[1].cpuMillisPerThousand() / p[0].cpuMillisPerThousand())));
        var si = sio.get().idle();
        var ji = jun.get().idle();
        if (si != null && ji != null) {
            sb.append(String.format(Locale.ROOT, "- Heap per idle connection: Juntos %.1f KiB vs socket.io %.1f KiB (%.2f×); Juntos heap with %d idle connections: %.1f MiB (target ≤ 256 MiB)%n",
                    ji.heapPerConnection() / 1024, si.heapPerConnection() / 1024, ji.heapPerConnection() / si.heapPerConnection(),
                    ji.connections(), mib(ji.after().heapBytes())));
        }
        return sb.toString();
    }

    private static String describe(Optional<StepResult> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.0f (offered %d msg/s, p99 %.1f ms)", x.deliveredPerSecond(), x.rate(), x.delivery().p99Ms()))
                .orElse("none (no step sustained)");
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
