package io.juntos.gateway;

import io.juntos.http.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code resume} for every sequenced stream (docs/protocol.md §3): the client names each stream
 * with the highest seq it holds; each followed stream is replayed from the store in order, with no
 * gap and no duplicate, while live events are merged ({@link Caller#replay}). A stream the
 * connection does not follow is {@code not_found}, whether it exists or not.
 */
final class Resume {
    private final Topics topics;
    private final GatewayConfig cfg;

    Resume(Topics topics, GatewayConfig cfg) {
        this.topics = topics;
        this.cfg = cfg;
    }

    /** {@code streams} absent or empty: nothing to replay; {@code since}: also replay updates made since then. */
    record Request(Map<String, Long> streams, Long since) {
    }

    Map<String, Object> handle(Caller c, Request r) {
        Map<String, Long> streams = r.streams() == null ? Map.of() : r.streams();
        if (streams.size() > cfg.resumeMaxStreams()) {
            throw ApiException.invalid("streams", "too_many", "At most " + cfg.resumeMaxStreams() + " streams per resume.");
        }
        if (!c.markResumed()) throw ApiException.conflict("already_resumed", null, "This connection has resumed already; reconnect to resume again.");
        List<Map<String, Object>> out = new ArrayList<>(streams.size());
        for (var e : streams.entrySet()) out.add(one(c, e.getKey(), e.getValue(), r.since()));
        // Streams followed at connect but not named: each gets what was sent since the socket opened.
        c.releaseHeld();
        return Map.of("streams", out);
    }

    private Map<String, Object> one(Caller c, String stream, Long cursor, Long since) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stream", stream);
        long after = cursor == null || cursor < 0 ? 0 : cursor;
        Backfill source = topics.backfillFor(stream);
        Caller.Replay replay = source != null && c.follows(stream) ? c.replay(stream, after, cfg.resumeBound(), cfg.resumePage()) : null;
        if (replay == null) {
            result.put("status", "not_found");
            return result;
        }
        result.put("status", replay.status());
        if (!replay.status().equals("current")) {
            result.put("fromSeq", replay.fromSeq());
            result.put("toSeq", replay.toSeq());
        }
        if (since != null && after > 0) {
            for (String frame : source.updatesSince(stream, since, after)) c.sendFrame(frame);
        }
        return result;
    }
}
