package io.juntos.gateway;

import io.juntos.auth.Principal;

/**
 * The authenticated connection a request came from, as features see it: who, which socket, and
 * the few things a handler may do to that socket (follow a topic, replay a sequenced topic).
 */
public final class Caller {
    private final Connection connection;
    private final Topics topics;
    private final Frames frames;

    Caller(Connection connection, Topics topics, Frames frames) {
        this.connection = connection;
        this.topics = topics;
        this.frames = frames;
    }

    public Principal principal() {
        return connection.principal();
    }

    public String userId() {
        return connection.principal().userId();
    }

    public String connectionId() {
        return connection.id;
    }

    /**
     * Follows a topic. Before the client's first resume, a sequenced topic is held: its frames are
     * left to the store and replayed in order by {@link #replay} or {@link #releaseHeld}, so that a
     * message arriving between connect and resume is neither lost nor sent twice.
     */
    public void follow(String topic) {
        topics.follow(connection, topic, connection.holdsNewTopics());
    }

    /** Marks the connection resumed by its client; false if it already was (then do not resume again). */
    boolean markResumed() {
        return connection.markResumed();
    }

    /**
     * Ends the hold of the topics the client did not name: each gets what it missed since connect.
     * Idempotent: the client's resume and the grace period may both call it.
     */
    void releaseHeld() {
        connection.markHoldReleased();
        connection.releaseHeld().forEach((topic, after) -> replay(topic, after, Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    /** Stops following a topic on this connection only (e.g. a closed list's presence). */
    public void unfollow(String topic) {
        topics.unfollow(connection, topic);
    }

    public boolean follows(String topic) {
        return connection.follows(topic);
    }

    public void send(String type, Object data) {
        connection.send(frames.event(type, data));
    }

    /** Sends an already encoded event frame to this connection only. */
    public void sendFrame(String frame) {
        connection.send(frame);
    }

    /** How a replay went (docs/protocol.md, {@code resume}). */
    public record Replay(String status, long fromSeq, long toSeq) {
    }

    /**
     * Sends this connection what it missed on a sequenced topic after {@code afterSeq}, in order,
     * with no gaps and no duplicates even while live frames keep arriving. When more than
     * {@code bound} were missed, only the newest {@code page} are sent ("limited").
     * Null when this connection does not follow the topic.
     */
    Replay replay(String topic, long afterSeq, int bound, int page) {
        Backfill b = topics.backfillFor(topic);
        if (b == null) throw new IllegalStateException("no backfill for " + topic);
        if (!connection.beginReplay(topic, afterSeq)) return null;
        long latest = b.latest(topic);
        String status = latest <= afterSeq ? "current" : "replayed";
        long from = afterSeq + 1;
        if (latest - afterSeq > bound) {
            status = "limited";
            from = latest - page + 1;
            connection.moveCursor(topic, from - 1);
        }
        final int batch = 200;
        while (true) {
            long cursor = connection.cursor(topic);
            if (cursor < 0) return null;
            var items = b.after(topic, cursor, batch);
            if (connection.applyReplay(topic, items, items.size() < batch)) break;
        }
        long to = Math.max(connection.cursor(topic), afterSeq);
        return new Replay(status, Math.min(from, to + 1), to);
    }
}
