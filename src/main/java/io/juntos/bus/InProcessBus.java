package io.juntos.bus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Bus} inside one JVM. Every subscription has its own {@link Lane}: a publish queues the
 * payload there and returns, so a slow handler never blocks the publisher or another topic, and
 * each subscription sees one publisher's messages on a topic in the order published.
 * <p>
 * Several "nodes" can share one {@link Hub} (tests of several nodes, the bus contract); a plain
 * {@code new InProcessBus()} is a hub with one node.
 */
public final class InProcessBus implements Bus {

    /** What nodes share: the subscriptions of every node, by topic. */
    public static final class Hub {
        private final Map<String, List<Sub>> topics = new ConcurrentHashMap<>();

        /** A node's view of the hub: it sees every node's messages; closing it ends its own subscriptions. */
        public InProcessBus node() {
            return new InProcessBus(this);
        }
    }

    private static final class Sub {
        final InProcessBus node;
        final Handler handler;
        final Lane lane = new Lane();
        volatile boolean active = true; // queued messages are dropped once unsubscribed

        Sub(InProcessBus node, Handler handler) {
            this.node = node;
            this.handler = handler;
        }
    }

    private final Hub hub;
    private volatile boolean closed;

    public InProcessBus() {
        this(new Hub());
    }

    private InProcessBus(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void publish(String topic, byte[] payload) {
        if (closed) return;
        List<Sub> subs = hub.topics.get(topic);
        if (subs == null) return;
        for (Sub s : subs) {
            // A broken subscriber does not stop delivery to the others: the lane logs and goes on.
            s.lane.run(() -> {
                if (s.active) s.handler.onMessage(topic, payload);
            }, true);
        }
    }

    @Override
    public Subscription subscribe(String topic, Handler handler) {
        Sub sub = new Sub(this, handler);
        hub.topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(sub);
        return () -> {
            sub.active = false;
            hub.topics.computeIfPresent(topic, (t, list) -> {
                list.remove(sub);
                return list.isEmpty() ? null : list;
            });
        };
    }

    @Override
    public void close() {
        closed = true;
        hub.topics.values().forEach(list -> list.removeIf(s -> {
            if (s.node != this) return false;
            s.active = false;
            return true;
        }));
        hub.topics.values().removeIf(List::isEmpty);
    }

}
