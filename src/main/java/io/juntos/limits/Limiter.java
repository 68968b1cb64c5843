package io.juntos.limits;

/**
 * A limit checked per key (an address, a user). Implementations decide where the counts live:
 * {@link RateLimiter} in this process; a cluster backs the same interface with a shared store so
 * that a limit such as sign-up probing holds across nodes, not per node.
 */
public interface Limiter {
    /** Counts one action for {@code key}, or throws a 429 problem with Retry-After. */
    void check(String key);

    /** Builds the limiter of a declared limit; the composition root picks the implementation. */
    interface Factory {
        Limiter create(RateLimit limit);

        /** Counts kept in this process: right for one node; a cluster passes a shared factory instead. */
        Factory IN_PROCESS = RateLimiter::new;

        /** In this process, with time from {@code clock}. */
        static Factory inProcess(java.time.Clock clock) {
            return limit -> new RateLimiter(limit, clock);
        }
    }
}
