package io.juntos.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * One open-loop step at a fixed total rate: message k is due at {@code start + k/rate} and goes
 * to client {@code k mod N}, stamped with its due time (not the time it got out), so a stalled
 * sender or server shows up as latency instead of as fewer samples (no coordinated omission).
 */
final class LoadStep {
    private final Fleet fleet;
    private final List<BenchClient> clients;
    private final int groupSize;
    private final LongSupplier serverCpuMillis;

    LoadStep(Fleet fleet, List<BenchClient> clients, int groupSize, LongSupplier serverCpuMillis) {
        this.fleet = fleet;
        this.clients = clients;
        this.groupSize = groupSize;
        this.serverCpuMillis = serverCpuMillis;
    }

    StepResult run(int rate, Duration warmup, Duration measure, Duration drain) {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + measure.toNanos();
        Tally tally = new Tally(windowStart, windowEnd);
        fleet.tally(tally);
        int closesBefore = fleet.unexpectedCloses();
        double interval = 1e9 / rate;
        long k = 0;
        long cpuAtWindowStart = -1;
        long ownCpuAtWindowStart = 0;
        while (true) {
            long due = start + (long) (k * interval);
            if (due >= windowEnd) break;
            long now = System.nanoTime();
            if (cpuAtWindowStart < 0 && now >= windowStart) {
                cpuAtWindowStart = serverCpuMillis.getAsLong();
                ownCpuAtWindowStart = ownCpuMillis();
            }
            if (due > now) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                continue;
            }
            BenchClient c = clients.get((int) (k % clients.size()));
            c.sendMessage(Tally.payload(c.member().index(), due));
            if (tally.inWindow(due)) tally.sentInWindow.increment();
            k++;
        }
        long cpu = serverCpuMillis.getAsLong() - cpuAtWindowStart;
        long ownCpu = ownCpuMillis() - ownCpuAtWindowStart; // the generator's own share of the machine
        long expected = tally.sentInWindow.sum() * (groupSize - 1);
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (tally.delivery.count() < expected && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(20_000_000);
        }
        return StepResult.of(rate, measure, tally, expected, fleet.unexpectedCloses() - closesBefore, cpu, ownCpu);
    }

    private static long ownCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }
}
