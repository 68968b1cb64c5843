package io.juntos.bench;

/**
 * Latencies in logarithmic buckets (2 % wide, 1 µs to ~20 min): constant memory however many
 * deliveries a step has (16 clients × 15 receivers × thousands of updates a second), percentiles
 * within 2 %. Not thread-safe: one per receiving socket, merged after the step.
 */
final class LogHistogram {
    private static final double BASE = Math.log(1.02);
    private final long[] counts = new long[1100];
    private long total;
    private long maxMicros;

    void record(long micros) {
        long m = Math.max(1, micros);
        counts[Math.min(counts.length - 1, (int) (Math.log(m) / BASE))]++;
        total++;
        if (m > maxMicros) maxMicros = m;
    }

    void add(LogHistogram other) {
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
        total += other.total;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long count() {
        return total;
    }

    /** The q-quantile in milliseconds (0 when empty). */
    double quantileMs(double q) {
        if (total == 0) return 0;
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return Math.exp((i + 0.5) * BASE) / 1000.0;
        }
        return maxMicros / 1000.0;
    }

    double maxMs() {
        return maxMicros / 1000.0;
    }
}
