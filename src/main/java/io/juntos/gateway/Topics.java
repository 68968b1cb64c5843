package io.juntos.gateway;

import io.juntos.bus.Lane;

import io.juntos.bus.Bus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's side of the bus: one bus subscription per topic that at least one local connection
 * follows, shared by all of them. A notice is decoded once and its frame handed as is to each
 * local follower. Sequenced topics are delivered in order: a notice that arrives after a gap (a
 * lost or overtaken notice) makes this node read the missing frames from the store once, on a
 * virtual thread, instead of blocking the bus or asking once per connection.
 */
final class Topics {
    private static final Logger log = LoggerFactory.getLogger(Topics.class);
    /** A larger gap is left to the clients, which page the store over REST. */
    private static final int MAX_FILL = 500;

    private final Bus bus;
    private final Map<String, Local> topics = new ConcurrentHashMap<>();
    private final Map<String, Backfill> backfills = new ConcurrentHashMap<>();

    private static final class Local {
        final Set<Connection> followers = ConcurrentHashMap.newKeySet();
        final Lane lane = new Lane();
        Bus.Subscription subscription;
        long last = -1; // highest seq delivered on this node (-1: topic without a store: take the first). Guarded by this.
    }

    Topics(Bus bus) {
        this.bus = bus;
        bus.onReconnect(this::catchUpAll);
    }

    void backfill(String prefix, Backfill b) {
        if (backfills.putIfAbsent(prefix, b) != null) throw new IllegalStateException("backfill registered twice for " + prefix);
    }

    Backfill backfillFor(String topic) {
        for (var e : backfills.entrySet()) if (topic.startsWith(e.getKey())) return e.getValue();
        return null;
    }

    /**
     * The first local follower of a sequenced topic reads the topic's newest seq from the store
     * before the node subscribes (once per topic per node, outside any lock): without this baseline,
     * a notice that overtook an earlier one would become the baseline and the earlier one would be
     * dropped. A message committed between the read and the subscription shows up as a gap and is
     * filled from the store.
     */
    void follow(Connection c, String topic, boolean hold) {
        if (!c.follow(topic, hold)) return;
        Backfill b = topics.containsKey(topic) ? null : backfillFor(topic);
        long baseline = b == null ? -1 : b.latest(topic);
        topics.compute(topic, (k, t) -> {
            if (t == null) {
                t = new Local();
                t.last = baseline;
                t.subscription = bus.subscribe(k, this::onNotice);
            }
            t.followers.add(c);
            return t;
        });
        // A join notice can race with the socket closing: undo what would otherwise leak.
        if (c.isGone()) unfollow(c, topic);
    }

    void unfollow(Connection c, String topic) {
        c.unfollow(topic);
        topics.computeIfPresent(topic, (k, t) -> {
            t.followers.remove(c);
            if (!t.followers.isEmpty()) return t;
            t.subscription.close();
            return null;
        });
    }

    void unfollowAll(Connection c) {
        for (String topic : c.followed()) unfollow(c, topic);
    }

    int size() {
        return topics.size();
    }

    /**
     * On the bus's delivery thread: never touches the store. A join may read the joined topic's
     * baseline, so it runs on the topic's {@link Lane}, and what follows it on this topic waits.
     */
    private void onNotice(String topic, byte[] payload) {
        Local t = topics.get(topic);
        if (t == null) return;
        Notice n = Notice.decode(payload);
        t.lane.run(() -> deliver(topic, t, n), n instanceof Notice.Join);
    }

    private void deliver(String topic, Local t, Notice n) {
        switch (n) {
            case Notice.Event e -> {
                ByteBuffer utf8 = utf8(e.frame());
                t.followers.forEach(c -> c.send(utf8));
            }
            case Notice.Sequenced s -> sequenced(topic, t, s.seq(), s.frame());
            case Notice.Join j -> t.followers.forEach(c -> {
                follow(c, j.topic(), false);
                c.send(j.frame());
            });
            case Notice.Leave l -> t.followers.forEach(c -> {
                unfollow(c, l.topic());
                c.send(l.frame());
            });
        }
    }

    private void sequenced(String topic, Local t, long seq, String frame) {
        long from;
        synchronized (t) {
            if (seq <= t.last) return;
            if (t.last < 0 || seq == t.last + 1) {
                deliver(topic, t, seq, frame);
                return;
            }
            from = t.last;
        }
        Backfill b = backfillFor(topic);
        if (b == null) {
            synchronized (t) {
                if (seq > t.last) deliver(topic, t, seq, frame);
            }
            return;
        }
        Thread.ofVirtual().name("gap-fill").start(() -> fill(topic, t, b, from, seq, frame));
    }

    private void fill(String topic, Local t, Backfill b, long from, long seq, String frame) {
        List<Backfill.Sequenced> missing;
        try {
            missing = b.after(topic, from, (int) Math.min(MAX_FILL, seq - from - 1));
        } catch (RuntimeException e) {
            log.warn("gap fill failed topic={} from={} to={}", topic, from, seq, e);
            missing = List.of();
        }
        synchronized (t) {
            for (Backfill.Sequenced m : missing) {
                if (m.seq() > t.last && m.seq() < seq) deliver(topic, t, m.seq(), m.frame());
            }
            if (seq > t.last) deliver(topic, t, seq, frame);
        }
    }

    /**
     * After the bus lost notices (its subscription reconnected): every followed sequenced topic
     * reads what it missed from the store, on its own lane so that it stays in order with the live
     * notices arriving meanwhile. Called on a virtual thread of the bus.
     */
    private void catchUpAll() {
        topics.forEach((topic, t) -> {
            Backfill b = backfillFor(topic);
            if (b != null) t.lane.run(() -> catchUp(topic, t, b), true);
        });
    }

    private void catchUp(String topic, Local t, Backfill b) {
        long from;
        synchronized (t) {
            if (t.last < 0) return;
            from = t.last;
        }
        List<Backfill.Sequenced> missed;
        try {
            missed = b.after(topic, from, MAX_FILL);
        } catch (RuntimeException e) {
            log.warn("catch-up after bus reconnect failed topic={} from={}", topic, from, e);
            return;
        }
        synchronized (t) {
            for (Backfill.Sequenced m : missed) if (m.seq() > t.last) deliver(topic, t, m.seq(), m.frame());
        }
    }

    /** Caller holds t's monitor; connections only enqueue (never block), so this is quick. */
    private static void deliver(String topic, Local t, long seq, String frame) {
        t.last = seq;
        ByteBuffer utf8 = utf8(frame);
        for (Connection c : t.followers) c.sendSequenced(topic, seq, utf8);
    }

    /** A frame's UTF-8, once per notice on this node; each follower's socket writes a view of it. */
    private static ByteBuffer utf8(String frame) {
        return ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }
}
