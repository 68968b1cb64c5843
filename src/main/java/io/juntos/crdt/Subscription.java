package io.juntos.crdt;

/** Handle returned by {@code observe}; closing it stops the deliveries. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
