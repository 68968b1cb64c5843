package io.juntos.calls;

import io.juntos.auth.User;
import io.juntos.auth.Users;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How calls look on the wire (docs/protocol.md §9): the call, its participants and their devices. */
final class CallJson {
    private final Users users;
    private final CallLimits limits;
    /**
     * Names of people seen in calls, so a state change (a socket closing, even while the server
     * stops) is told without a database read. Bounded: cleared when it grows past 10,000.
     */
    private final Map<String, User.PublicUser> names = new java.util.concurrent.ConcurrentHashMap<>();

    CallJson(Users users, CallLimits limits) {
        this.users = users;
        this.limits = limits;
    }

    Map<String, Object> call(CallView c) {
        List<String> ids = new ArrayList<>(c.participants().stream().map(Participant::userId).toList());
        ids.add(c.startedBy());
        ids.addAll(c.ringing());
        Map<String, User.PublicUser> people = people(ids);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("scope", scope(c.scope()));
        m.put("startedBy", people.get(c.startedBy()));
        m.put("video", c.video());
        m.put("status", c.answeredAt() == 0 && !c.ringing().isEmpty() ? "ringing" : "active");
        m.put("startedAt", Instant.ofEpochMilli(c.startedAt()).toString());
        m.put("answeredAt", c.answeredAt() == 0 ? null : Instant.ofEpochMilli(c.answeredAt()).toString());
        m.put("ringing", c.ringing());
        m.put("participants", c.participants().stream().map(p -> participant(p, people.get(p.userId()))).toList());
        m.put("version", c.version());
        m.put("limits", Map.of("maxParticipants", limits.maxParticipants(), "maxVideo", limits.maxVideo()));
        return m;
    }

    private Map<String, User.PublicUser> people(List<String> ids) {
        List<String> missing = ids.stream().filter(id -> !names.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            if (names.size() > 10_000) names.clear();
            users.byIds(missing).forEach(u -> names.put(u.id(), u.publicView()));
        }
        Map<String, User.PublicUser> out = new LinkedHashMap<>();
        for (String id : ids) out.put(id, names.get(id));
        return out;
    }

    static Map<String, Object> scope(Scope s) {
        return Map.of("kind", s.kind().wire, "id", s.id());
    }

    private static Map<String, Object> participant(Participant p, User.PublicUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", p.userId());
        m.put("user", u);
        m.put("connectionId", p.connectionId());
        m.put("audio", p.audio());
        m.put("video", p.video());
        m.put("screen", p.screen());
        m.put("connected", p.connected());
        m.put("joinedAt", Instant.ofEpochMilli(p.joinedAt()).toString());
        return m;
    }

    /** {@code call.state}: the whole call after a change, and what changed (who, how). */
    Map<String, Object> state(CallView c, String change, Participant who) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call", call(c));
        m.put("change", change);
        if (who != null) m.put("connectionId", who.connectionId());
        if (who != null) m.put("userId", who.userId());
        return m;
    }

    static Map<String, Object> ended(CallEnd e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", e.call().id());
        m.put("scope", scope(e.call().scope()));
        m.put("reason", e.reason().wire);
        m.put("durationMs", e.durationMs());
        return m;
    }

    /** The trace a call leaves in its conversation (a message from the person who started it). */
    static String trace(CallEnd e) {
        String what = e.call().video() ? "Video call" : "Voice call";
        return switch (e.reason()) {
            case MISSED, CANCELLED -> "📞 Missed " + what.toLowerCase(java.util.Locale.ROOT);
            case DECLINED -> "📞 " + what + " declined";
            case ENDED -> "📞 " + what + " · " + duration(e.durationMs());
        };
    }

    static String duration(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
