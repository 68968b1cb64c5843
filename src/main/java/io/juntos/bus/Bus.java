package io.juntos.bus;

/**
 * Topic publish/subscribe between the parts of a cluster. The database is the source of truth; the
 * bus only carries notices ("conversation X has message 42", "session S was revoked"), so a lost
 * notice costs latency, never data. Payloads are bytes, encoded once by the publisher.
 * {@link InProcessBus} serves one node; {@link RedisBus} serves several.
 * <p>
 * The contract every implementation passes ({@code BusContract} in the tests): delivery to
 * subscribers on this node and on others; {@code publish} never waits for handlers, and a slow
 * handler never stalls another subscription; a subscription delivers every message published
 * after {@link Subscription#ready()} completes; after {@link Subscription#close()} nothing more is
 * delivered to it; one publisher's messages on a topic arrive in the order published.
 */
public interface Bus extends AutoCloseable {

    /** Delivers {@code payload} to every subscriber of {@code topic} on every node, this one included. */
    void publish(String topic, byte[] payload);

    /**
     * Subscribes; may complete asynchronously (see {@link Subscription#ready()}). Handlers run off
     * the publisher's thread, one message at a time per subscription; they should still hand
     * blocking work elsewhere, since a busy handler delays its own subscription's next message.
     */
    Subscription subscribe(String topic, Handler handler);

    /**
     * Registers a listener run, off any delivery thread, each time this node's subscriptions came
     * back after a lost connection to the bus (Redis restarted, a network cut): notices published
     * meanwhile are lost, so a listener re-reads from the store what it follows. Never called in
     * process, where nothing can be lost; hence the no-op default.
     */
    default void onReconnect(Runnable listener) {
    }

    @Override
    void close();

    @FunctionalInterface
    interface Handler {
        void onMessage(String topic, byte[] payload);
    }

    /** Cancels one subscription; idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();

        /** Completes once messages published from now on reach this subscription (at once in process). */
        default java.util.concurrent.CompletableFuture<Void> ready() {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }
}
