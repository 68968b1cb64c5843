package io.juntos.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Everything measured against one server. */
record TargetResult(String name, String settings, double prepareSeconds, Idle idle, List<StepResult> steps, String failure) {

    /** {@code connections} idle sockets: opening time and memory after a forced GC before and after. */
    record Idle(int connections, double openSeconds, Target.Memory before, Target.Memory after, int dropped) {
        double heapPerConnection() {
            return (after.heapBytes() - before.heapBytes()) / (double) connections;
        }

        double rssPerConnection() {
            return (after.rssBytes() - before.rssBytes()) / (double) connections;
        }
    }

    /** The sustained step with the most deliveries per second whose p99 is at most {@code p99Ms}. */
    Optional<StepResult> best(BenchOptions o, double p99Ms) {
        return steps.stream()
                .filter(s -> s.sustained(o) && s.delivery().p99Ms() <= p99Ms)
                .max(Comparator.comparingDouble(StepResult::deliveredPerSecond));
    }
}
