package io.juntos.gateway;

import io.juntos.bus.Lane;

import io.juntos.auth.Principal;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One socket. Kept small (a load test holds 10,000 idle ones in 256 MiB): a few longs, the topics
 * it follows with a cursor each, and counters of what is in flight to the client.
 * <p>
 * Outbound: frames go to Jetty's asynchronous {@code sendText}, which queues them in order; we
 * count the bytes and frames not yet flushed and close a consumer that lets them pile up past the
 * bound (4009) instead of growing memory or slowing its senders. {@code sendText} never blocks, so
 * it may be called while holding this connection's monitor (which keeps sequenced frames in order).
 */
final class Connection {
    final String id;
    final Session session;
    /** Jetty's frame-level session under {@link #session}, to write shared buffers (null if Jetty hands us another kind). */
    private final org.eclipse.jetty.websocket.core.CoreSession core;
    final long openedAt;
    private final GatewayConfig cfg;
    private final io.micrometer.core.instrument.Counter slowClosed;
    private final int jitterMs;

    private volatile Principal principal;
    private volatile long lastInboundAt;
    private volatile long lastPingAt;
    private volatile long closingAt;

    private final AtomicLong outBytes = new AtomicLong();
    private final AtomicInteger outFrames = new AtomicInteger();

    // Touched only by the socket's reader, which handles one frame at a time.
    private final double[] tokens;    // one token bucket per GatewayConfig.buckets()
    private final long[] refilledAt;
    private int rateStrikes;          // refusals in the current strike window
    private int previousRateStrikes;  // refusals in the window before it
    private long strikeWindowStart;
    private int abuseStrikes;
    private long abuseWindowStart;

    /** Followed topics; for sequenced ones, what was sent. Guarded by {@code this}. */
    private final Map<String, Cursor> topics = new HashMap<>(4);

    static final class Cursor {
        long last;          // highest seq sent on this topic (0: not tracked yet)
        boolean syncing;    // held or replaying: live frames are left to the store
        boolean held;       // followed at connect, waiting for the client's resume
        long droppedMax;    // highest live seq left to the store
        long firstDropped;  // lowest live seq left to the store (0: none)
        long sentFrom;      // the newest contiguous run of seqs sent on this socket, live or replayed (0: none)
        long sentTo;
        long skipFrom;      // during a replay: the run sent before it, which is not sent twice (0: none)
        long skipTo;

        void sent(long seq) {
            if (sentTo == 0 || seq != sentTo + 1) sentFrom = seq;
            sentTo = seq;
        }

        boolean alreadySent(long seq) {
            return skipTo != 0 && seq >= skipFrom && seq <= skipTo;
        }
    }

    /** The client sent its resume (a second one is refused). */
    private volatile boolean resumed;
    /** Held topics were released, by the client's resume or by the grace period running out. */
    private volatile boolean holdReleased;
    private volatile long authenticatedAt;
    private volatile boolean gone;

    Connection(String id, Session session, GatewayConfig cfg, io.micrometer.core.instrument.Counter slowClosed, long now) {
        this.id = id;
        this.session = session;
        this.core = session instanceof org.eclipse.jetty.websocket.common.WebSocketSession ws ? ws.getCoreSession() : null;
        this.cfg = cfg;
        this.slowClosed = slowClosed;
        this.openedAt = now;
        this.lastInboundAt = now;
        this.lastPingAt = now;
        this.jitterMs = (int) ThreadLocalRandom.current().nextLong(cfg.pingJitter().toMillis() + 1);
        int n = cfg.buckets().size();
        this.tokens = new double[n];
        this.refilledAt = new long[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = cfg.buckets().get(i).burst();
            refilledAt[i] = now;
        }
    }

    Principal principal() {
        return principal;
    }

    void authenticate(Principal p, long now) {
        this.principal = p;
        this.authenticatedAt = now;
    }

    /** True the first time the client resumes; a resume after the grace period is still its first. */
    synchronized boolean markResumed() {
        if (resumed) return false;
        resumed = true;
        return true;
    }

    /** True the first time held topics are released (by resume or by the grace period). */
    synchronized boolean markHoldReleased() {
        if (holdReleased) return false;
        holdReleased = true;
        return true;
    }

    boolean resumeOverdue(long now, long graceMs) {
        return !holdReleased && authenticatedAt != 0 && now - authenticatedAt > graceMs;
    }

    /** Topics followed from now on are live at once (the client resumed or will get them without asking). */
    boolean holdsNewTopics() {
        return !holdReleased;
    }

    boolean isAuthenticated() {
        return principal != null;
    }

    boolean isClosing() {
        return closingAt != 0;
    }

    /** The socket has closed: it must not follow anything any more (a late join notice included). */
    void markGone() {
        gone = true;
    }

    boolean isGone() {
        return gone;
    }

    // ---- outbound ------------------------------------------------------------------------

    /** Queues one frame; false when the connection is closing or was just closed as too slow. */
    boolean send(String frame) {
        if (closingAt != 0) return false;
        long size = frame.length();
        // A frame may exceed the byte bound on its own (a 4,000-emoji message); an idle connection always takes one.
        if (!admit(size)) return false;
        session.sendText(frame, Callback.from(() -> sent(size), failure -> sent(size)));
        return true;
    }

    /**
     * Queues one frame of a fan-out: {@code utf8} is the frame's UTF-8, encoded once for every
     * follower on this node; each socket writes its own read-only view of it, so there is no
     * per-recipient copy (Jetty's {@code sendText} would encode the string again for each one).
     * False when the connection is closing or was just closed as too slow.
     */
    boolean send(java.nio.ByteBuffer utf8) {
        if (core == null) return send(java.nio.charset.StandardCharsets.UTF_8.decode(utf8.duplicate()).toString());
        if (closingAt != 0) return false;
        long size = utf8.remaining();
        if (!admit(size)) return false;
        core.sendFrame(new org.eclipse.jetty.websocket.core.Frame(org.eclipse.jetty.websocket.core.OpCode.TEXT).setPayload(utf8.slice()),
                org.eclipse.jetty.util.Callback.from(() -> sent(size), failure -> sent(size)), false);
        return true;
    }

    /** Counts a frame in flight; over the bound the connection is closed as too slow (4009) and false returned. */
    private boolean admit(long size) {
        long bytes = outBytes.addAndGet(size);
        int frames = outFrames.incrementAndGet();
        if (frames > 1 && (bytes > cfg.outboundBytes() || frames > cfg.outboundFrames())) {
            outBytes.addAndGet(-size);
            outFrames.decrementAndGet();
            if (closingAt == 0) slowClosed.increment();
            close(CloseCode.SLOW_CONSUMER, System.currentTimeMillis());
            return false;
        }
        return true;
    }

    private void sent(long size) {
        outBytes.addAndGet(-size);
        outFrames.decrementAndGet();
    }

    /** Delivers a live sequenced frame unless a replay owns the topic or the client has it already. */
    synchronized void sendSequenced(String topic, long seq, java.nio.ByteBuffer frame) {
        Cursor c = topics.get(topic);
        if (c == null) return;
        if (c.syncing) {
            c.droppedMax = Math.max(c.droppedMax, seq);
            if (c.firstDropped == 0 || seq < c.firstDropped) c.firstDropped = seq;
            return;
        }
        if (c.last != 0 && seq <= c.last) return;
        c.last = seq;
        c.sent(seq);
        send(frame);
    }

    // ---- topics --------------------------------------------------------------------------

    /** {@code hold}: leave its sequenced frames to the store until the client resumes. */
    synchronized boolean follow(String topic, boolean hold) {
        Cursor c = new Cursor();
        c.syncing = hold;
        c.held = hold;
        return topics.putIfAbsent(topic, c) == null;
    }

    /**
     * Ends the hold of every topic the client did not resume explicitly: those that missed
     * nothing go live; for the others, the seq to replay from is returned (they stay held).
     */
    synchronized Map<String, Long> releaseHeld() {
        Map<String, Long> replay = new HashMap<>();
        topics.forEach((topic, c) -> {
            if (!c.held) return;
            c.held = false;
            if (c.firstDropped == 0) c.syncing = false;
            else replay.put(topic, c.firstDropped - 1);
        });
        return replay;
    }

    synchronized boolean unfollow(String topic) {
        return topics.remove(topic) != null;
    }

    synchronized boolean follows(String topic) {
        return topics.containsKey(topic);
    }

    synchronized Set<String> followed() {
        return Set.copyOf(topics.keySet());
    }

    /** Starts a replay: live frames of the topic are held back (noted) until {@link #applyReplay} ends it. */
    synchronized boolean beginReplay(String topic, long after) {
        Cursor c = topics.get(topic);
        if (c == null) return false;
        c.held = false;
        c.syncing = true;
        c.last = after;
        c.skipFrom = c.sentFrom;
        c.skipTo = c.sentTo;
        c.sentFrom = 0;
        c.sentTo = 0;
        c.droppedMax = 0;
        c.firstDropped = 0;
        return true;
    }

    synchronized long cursor(String topic) {
        Cursor c = topics.get(topic);
        return c == null ? -1 : c.last;
    }

    synchronized void moveCursor(String topic, long last) {
        Cursor c = topics.get(topic);
        if (c != null) c.last = last;
    }

    /**
     * Sends fetched frames beyond the cursor, in order. Ends the replay when the store had nothing
     * more and no live frame newer than what was sent was held back meanwhile; true when ended.
     */
    synchronized boolean applyReplay(String topic, List<Backfill.Sequenced> items, boolean storeExhausted) {
        Cursor c = topics.get(topic);
        if (c == null) return true;
        for (Backfill.Sequenced s : items) {
            if (s.seq() > c.last) {
                c.last = s.seq();
                boolean dup = c.alreadySent(s.seq());
                c.sent(s.seq());
                if (!dup) send(s.frame());
            }
        }
        if (storeExhausted && c.droppedMax <= c.last) {
            c.syncing = false;
            c.firstDropped = 0;
            c.skipFrom = 0;
            c.skipTo = 0;
            return true;
        }
        return false;
    }

    // ---- slow requests ----------------------------------------------------------------------

    /** Lanes for slow handlers, made on first use; a key always maps to the same lane, which keeps its order. */
    private Lane[] slowLanes;
    private final AtomicInteger slowPending = new AtomicInteger();

    synchronized Lane slowLane(String key) {
        if (slowLanes == null) {
            slowLanes = new Lane[4];
            for (int i = 0; i < slowLanes.length; i++) slowLanes[i] = new Lane();
        }
        return slowLanes[Math.floorMod(key.hashCode(), slowLanes.length)];
    }

    /** False when {@code max} slow requests are already waiting on this connection. */
    boolean startSlow(int max) {
        if (slowPending.incrementAndGet() <= max) return true;
        slowPending.decrementAndGet();
        return false;
    }

    void endSlow() {
        slowPending.decrementAndGet();
    }

    // ---- inbound accounting ------------------------------------------------------------------

    void touch(long now) {
        lastInboundAt = now;
    }

    /** Takes {@code cost} tokens from bucket {@code b}: 0 when the request may proceed, else the millis until it could. */
    long takeTokens(long now, int b, int cost) {
        GatewayConfig.Bucket bucket = cfg.buckets().get(b);
        tokens[b] = Math.min(bucket.burst(), tokens[b] + Math.max(0, now - refilledAt[b]) * bucket.perSecond() / 1000.0);
        refilledAt[b] = now;
        if (tokens[b] >= cost) {
            tokens[b] -= cost;
            return 0;
        }
        countRateStrike(now);
        return Math.max(1, (long) Math.ceil((cost - tokens[b]) * 1000.0 / bucket.perSecond()));
    }

    /**
     * Refusals over a sliding window (two fixed windows, the previous one weighted by how much of
     * it still overlaps), so allowed requests in between do not wipe the count: a client that
     * keeps sending faster than the rate is closed however the refill interleaves.
     */
    private void countRateStrike(long now) {
        long window = cfg.rateStrikeWindow().toMillis();
        long elapsed = now - strikeWindowStart;
        if (elapsed >= 2 * window) {
            previousRateStrikes = 0;
            rateStrikes = 0;
            strikeWindowStart = now;
        } else if (elapsed >= window) {
            previousRateStrikes = rateStrikes;
            rateStrikes = 0;
            strikeWindowStart += window;
        }
        rateStrikes++;
    }

    boolean tooManyRateStrikes(long now) {
        long window = cfg.rateStrikeWindow().toMillis();
        double overlap = Math.max(0, 1 - (double) (now - strikeWindowStart) / window);
        return rateStrikes + previousRateStrikes * overlap >= cfg.rateStrikes();
    }

    /** Counts a bad frame; true when the client has now sent too many within the window. */
    boolean strike(long now) {
        if (now - abuseWindowStart > cfg.abuseWindow().toMillis()) {
            abuseWindowStart = now;
            abuseStrikes = 0;
        }
        return ++abuseStrikes >= cfg.abuseStrikes();
    }

    // ---- heartbeat and closing -----------------------------------------------------------------

    boolean pingDue(long now) {
        long quiet = cfg.pingInterval().toMillis() + jitterMs;
        return now - lastInboundAt >= quiet && now - lastPingAt >= quiet;
    }

    void pinged(long now) {
        lastPingAt = now;
    }

    boolean isDead(long now) {
        return now - lastInboundAt >= cfg.deadAfter().toMillis();
    }

    /** A close frame queued behind a backlog may never leave: after this long, drop the socket. */
    boolean closeOverdue(long now) {
        return closingAt != 0 && now - closingAt > 5_000 && session.isOpen();
    }

    void close(CloseCode code, long now) {
        if (closingAt != 0) return;
        closingAt = now;
        session.close(code.code, code.reason, Callback.NOOP);
    }
}
