package io.juntos.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, appended from many threads; percentiles by sorting a copy. */
final class Latencies {
    private long[] samples = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) samples = Arrays.copyOf(samples, size * 2);
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** p50, p99 and max, in milliseconds; zeros when there are no samples. */
    synchronized Summary summary() {
        if (size == 0) return new Summary(0, 0, 0, 0);
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return new Summary(size, ms(at(sorted, 0.50)), ms(at(sorted, 0.99)), ms(sorted[size - 1]));
    }

    private static long at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    record Summary(int count, double p50Ms, double p99Ms, double maxMs) {
    }
}
