package io.juntos.bus;

/**
 * Topic publish/subscribe between the parts of a cluster. The database is the source of truth; the
 * bus only carries notices ("conversation X has message 42", "session S was revoked"), so a lost
 * notice costs latency, never data. Payloads are bytes, encoded once by the publisher.
 * An in-process implementation serves one node; a Redis one will serve several.
 */
public interface Bus extends AutoCloseable {

    /** Delivers {@code payload} to every subscriber of {@code topic} on every node, this one included. */
    void publish(String topic, byte[] payload);

    /** Handlers must be quick and must not block: hand work to a queue. */
    Subscription subscribe(String topic, Handler handler);

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
    }
}
