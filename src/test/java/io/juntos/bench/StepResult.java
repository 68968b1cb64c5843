package io.juntos.bench;

import java.time.Duration;
import java.util.List;

/**
 * The figures of one step: offered and sent messages/s, delivered messages/s (one per recipient),
 * end-to-end latency of deliveries and of the sender's ack, and what went missing.
 */
record StepResult(
        int rate,
        double sentPerSecond,
        double deliveredPerSecond,
        long expectedDeliveries,
        long missingDeliveries,
        Latencies.Summary delivery,
        Latencies.Summary ack,
        long refused,
        int closes,
        List<String> refusals,
        double serverCpuPercent,
        double generatorCpuPercent,
        long otherFrames,
        String loadAverage) {

    static StepResult of(int rate, Duration measure, Tally t, long expected, int closes, long serverCpuMillis, long generatorCpuMillis) {
        double seconds = measure.toNanos() / 1e9;
        var d = t.delivery.summary();
        return new StepResult(rate, t.sentInWindow.sum() / seconds, t.deliveredInWindow.sum() / seconds, expected,
                Math.max(0, expected - d.count()), d, t.ack.summary(), t.refused.get(), closes, t.refusals(),
                serverCpuMillis / 10.0 / seconds, generatorCpuMillis / 10.0 / seconds, t.others.sum(), MessagingBench.Machine.loadAverage());
    }

    /** Server CPU time per 1000 deliveries, in milliseconds: throughput per core, less sensitive to a busy machine. */
    double cpuMillisPerThousand() {
        return deliveredPerSecond == 0 ? 0 : serverCpuPercent * 10 / deliveredPerSecond * 1000;
    }

    /**
     * Kept up: (almost) everything arrived in time, nothing refused or closed, no queue building up
     * (a saturated server's median latency grows without bound within the window; the p99 bound is
     * loose because on a shared machine other processes' bursts land in the tail).
     */
    boolean sustained(BenchOptions o) {
        return missingDeliveries <= expectedDeliveries / 1000 && refused == 0 && closes == 0
                && sentPerSecond >= 0.97 * rate
                && deliveredPerSecond >= 0.97 * rate * (o.groupSize() - 1)
                && delivery.p50Ms() <= o.maxP50Millis()
                && delivery.p99Ms() <= o.maxP99Millis();
    }
}
