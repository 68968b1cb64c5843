package io.juntos.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helper: an unreliable network between replicas. Every local update is queued for
 * every other replica; delivery picks messages at random (out of causal order), sometimes
 * delivers one twice, and {@link #flush()} delivers what is left in random order.
 */
final class Network {
    private record Message(int to, byte[] bytes) {
    }

    private final List<? extends CrdtDoc> replicas;
    private final Random random;
    private final List<Message> inFlight = new ArrayList<>();

    Network(List<? extends CrdtDoc> replicas, Random random) {
        this.replicas = replicas;
        this.random = random;
        for (int i = 0; i < replicas.size(); i++) {
            int from = i;
            replicas.get(i).observeUpdates(bytes -> {
                for (int to = 0; to < replicas.size(); to++) {
                    if (to != from) {
                        inFlight.add(new Message(to, bytes));
                    }
                }
            });
        }
    }

    /** Delivers one random message, possibly keeping it around to deliver again later. */
    void deliverOne() {
        if (inFlight.isEmpty()) {
            return;
        }
        int i = random.nextInt(inFlight.size());
        Message m = random.nextInt(5) == 0 ? inFlight.get(i) : inFlight.remove(i);
        replicas.get(m.to()).applyUpdate(m.bytes());
    }

    void flush() {
        while (!inFlight.isEmpty()) {
            Message m = inFlight.remove(random.nextInt(inFlight.size()));
            replicas.get(m.to()).applyUpdate(m.bytes());
        }
    }
}
