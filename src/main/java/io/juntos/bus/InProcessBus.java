package io.juntos.bus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Bus} for a single node: delivery is a direct call on the publisher's thread. */
public final class InProcessBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);
    private final Map<String, List<Handler>> topics = new ConcurrentHashMap<>();

    @Override
    public void publish(String topic, byte[] payload) {
        List<Handler> handlers = topics.get(topic);
        if (handlers == null) return;
        for (Handler h : handlers) {
            try {
                h.onMessage(topic, payload);
            } catch (RuntimeException e) {
                // One broken subscriber must not stop delivery to the others.
                log.warn("bus subscriber failed on topic {}", topic, e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Handler handler) {
        topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(handler);
        return () -> topics.computeIfPresent(topic, (t, list) -> {
            list.remove(handler);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void close() {
        topics.clear();
    }
}
