package io.juntos.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * Runs one topic's notices in arrival order without blocking the bus's delivery thread. Quick work
 * runs inline while nothing is queued; work that may read the store (a join's baseline) goes to a
 * virtual thread, and everything arriving after it queues behind it, so order is kept.
 */
final class Lane {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining; // guarded by this

    void run(Runnable task, boolean mayBlock) {
        synchronized (this) {
            if (draining || mayBlock) {
                queue.add(task);
                if (!draining) {
                    draining = true;
                    Thread.ofVirtual().name("topic-lane").start(this::drain);
                }
                return;
            }
        }
        safely(task);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            safely(next);
        }
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("topic delivery failed", e);
        }
    }
}
