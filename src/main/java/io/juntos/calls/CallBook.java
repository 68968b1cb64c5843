package io.juntos.calls;

import io.juntos.http.ApiException;
import io.juntos.store.Ids;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live calls of this node, pure: no I/O, time from the injected clock. Every method runs under
 * one lock and returns snapshots ({@link CallView}) and what changed, so the caller publishes and
 * stores outside the lock. Authorization of the scope (is this user a member?) is checked before
 * calling here; this class enforces the call's own rules: participants only, caps, ringing.
 */
final class CallBook {
    /** The mutable state of one call, touched only under the book's lock. */
    private static final class Call {
        final String id;
        final Scope scope;
        final String startedBy;
        final boolean video;
        final long startedAt;
        final List<String> ringing;
        /** Rang someone at start: a one-to-one call, which ends when either person hangs up. */
        final boolean direct;
        long answeredAt;
        /** Bumped on every change: states are published from several threads, so clients keep the newest. */
        long version;
        final Map<String, Participant> byUser = new LinkedHashMap<>();

        Call(String id, Scope scope, String startedBy, boolean video, long startedAt, List<String> ringing) {
            this.id = id;
            this.scope = scope;
            this.startedBy = startedBy;
            this.video = video;
            this.startedAt = startedAt;
            this.ringing = new ArrayList<>(ringing);
            this.direct = !ringing.isEmpty();
        }

        CallView view() {
            return new CallView(id, scope, startedBy, video, startedAt, answeredAt, List.copyOf(byUser.values()), List.copyOf(ringing), ++version);
        }

        long videoSenders(String except) {
            return byUser.values().stream().filter(p -> !p.userId().equals(except) && (p.video() || p.screen())).count();
        }
    }

    /** The outcome of a join: the call after it, whether video was refused (cap), whether it answered ringing. */
    record Joined(CallView call, boolean created, String videoRefused, boolean answered, String replacedConnection) {
    }

    /** A participant left (or was removed); {@code end} is set when that ended the call. */
    record Left(CallView call, Participant who, CallEnd end) {
    }

    /** What a tick found: calls nobody answered in time, participants whose grace ran out. */
    record Tick(List<CallEnd> missed, List<Left> removed) {
    }

    private final CallLimits limits;
    private final Clock clock;
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<Scope, String> byScope = new HashMap<>();

    CallBook(CallLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    synchronized Optional<CallView> inScope(Scope scope) {
        String id = byScope.get(scope);
        return id == null ? Optional.empty() : Optional.of(calls.get(id).view());
    }

    synchronized Optional<CallView> get(String callId) {
        Call c = calls.get(callId);
        return c == null ? Optional.empty() : Optional.of(c.view());
    }

    /**
     * Starts a call in the scope with the caller in it, ringing {@code ring} (the other person of a
     * direct conversation); when the scope already has a call, joins that one instead, so two
     * people pressing "call" at once end up in one call.
     */
    synchronized Joined start(Scope scope, String userId, String connectionId, boolean audio, boolean video, List<String> ring) {
        String existing = byScope.get(scope);
        if (existing != null) return join(existing, userId, connectionId, audio, video);
        Call c = new Call(Ids.newId(), scope, userId, video, clock.millis(), ring.stream().filter(u -> !u.equals(userId)).toList());
        calls.put(c.id, c);
        byScope.put(scope, c.id);
        c.byUser.put(userId, new Participant(userId, connectionId, audio, video, false, c.startedAt, 0));
        return new Joined(c.view(), true, null, false, null);
    }

    /**
     * Joins (or, for a user being rung, answers) a call. One entry per user: joining from another
     * device moves the user there. Beyond {@code maxVideo} video senders the joiner comes in
     * audio-only and is told why; beyond {@code maxParticipants} the join is refused.
     */
    synchronized Joined join(String callId, String userId, String connectionId, boolean audio, boolean video) {
        Call c = require(callId);
        Participant before = c.byUser.get(userId);
        if (before == null && c.byUser.size() >= limits.maxParticipants()) {
            throw ApiException.conflict("call_full", "callId", "This call is full (" + limits.maxParticipants() + " people).");
        }
        String refused = null;
        if (video && c.videoSenders(userId) >= limits.maxVideo()) {
            video = false;
            refused = "video_full";
        }
        long now = clock.millis();
        boolean answered = c.ringing.remove(userId);
        if (answered && c.answeredAt == 0) c.answeredAt = now;
        // The first other person joining a call that rang nobody (a group) also starts its duration.
        if (c.answeredAt == 0 && !userId.equals(c.startedBy) && c.ringing.isEmpty()) c.answeredAt = now;
        c.byUser.put(userId, new Participant(userId, connectionId, audio, video, false, before == null ? now : before.joinedAt(), 0));
        String replaced = before != null && !before.connectionId().equals(connectionId) ? before.connectionId() : null;
        return new Joined(c.view(), false, refused, answered, replaced);
    }

    /** The person called declines: ringing stops everywhere and the call ends for the caller. */
    synchronized CallEnd decline(String callId, String userId) {
        Call c = require(callId);
        if (!c.ringing.remove(userId)) throw ApiException.conflict("not_ringing", "callId", "This call is not ringing for you.");
        if (!c.ringing.isEmpty() || c.answeredAt != 0) return null;
        return finish(c, CallEnd.Reason.DECLINED);
    }

    /** The participant on this connection leaves; a direct call, or one left empty, ends. */
    synchronized Left leave(String callId, String connectionId) {
        Call c = require(callId);
        Participant p = participant(c, connectionId);
        return remove(c, p);
    }

    /** Ends the call for everyone (any participant may). */
    synchronized CallEnd end(String callId, String connectionId) {
        Call c = require(callId);
        participant(c, connectionId);
        return finish(c, unanswered(c) ? CallEnd.Reason.CANCELLED : CallEnd.Reason.ENDED);
    }

    /** Microphone, camera and screen of one participant; turning video on past the cap is refused. */
    synchronized CallView media(String callId, String connectionId, boolean audio, boolean video, boolean screen) {
        Call c = require(callId);
        Participant p = participant(c, connectionId);
        if ((video || screen) && !(p.video() || p.screen()) && c.videoSenders(p.userId()) >= limits.maxVideo()) {
            throw ApiException.conflict("video_full", "video", limits.maxVideo() + " people already send video; this call stays audio-only for you.");
        }
        c.byUser.put(p.userId(), p.withMedia(audio, video, screen));
        return c.view();
    }

    /**
     * Checks a signal may pass: both ends are participants of this call on those connections.
     * Returns the sender. A non-participant learns nothing (404), as for any id it may not see.
     */
    synchronized Participant route(String callId, String fromConnection, String toConnection) {
        Call c = require(callId);
        Participant from = participant(c, fromConnection);
        if (toConnection == null || toConnection.equals(fromConnection) || c.view().byConnection(toConnection) == null) {
            throw ApiException.notFound("The participant");
        }
        return from;
    }

    /** A connection closed: its participants are marked dropped (removed by {@link #tick} after the grace). */
    synchronized List<CallView> dropped(String connectionId) {
        long now = clock.millis();
        List<CallView> changed = new ArrayList<>();
        for (Call c : calls.values()) {
            for (Participant p : List.copyOf(c.byUser.values())) {
                if (p.connectionId().equals(connectionId) && p.connected()) {
                    c.byUser.put(p.userId(), p.dropped(now));
                    changed.add(c.view());
                }
            }
        }
        return changed;
    }

    /** Calls ringing on {@code userId}'s devices (a device that connects while ringing rings too). */
    synchronized List<CallView> ringingFor(String userId) {
        return calls.values().stream().filter(c -> c.ringing.contains(userId)).map(Call::view).toList();
    }

    /** Missed calls (ring timeout) and dropped participants past the grace, on the injected clock. */
    synchronized Tick tick() {
        long now = clock.millis();
        List<CallEnd> missed = new ArrayList<>();
        List<Left> removed = new ArrayList<>();
        for (Call c : List.copyOf(calls.values())) {
            if (!c.ringing.isEmpty() && c.answeredAt == 0 && now - c.startedAt >= limits.ringTimeout().toMillis()) {
                missed.add(finish(c, CallEnd.Reason.MISSED));
                continue;
            }
            for (Participant p : List.copyOf(c.byUser.values())) {
                if (!p.connected() && now - p.droppedAt() >= limits.dropGrace().toMillis() && calls.containsKey(c.id)) {
                    removed.add(remove(c, p));
                }
            }
        }
        return new Tick(missed, removed);
    }

    private Left remove(Call c, Participant p) {
        c.byUser.remove(p.userId());
        CallEnd end = null;
        if (c.byUser.isEmpty()) end = finish(c, unanswered(c) ? CallEnd.Reason.CANCELLED : CallEnd.Reason.ENDED);
        else if (c.direct && c.answeredAt != 0) end = finish(c, CallEnd.Reason.ENDED); // one-to-one: one hangs up, the call is over
        return new Left(end != null ? end.call() : c.view(), p, end);
    }

    private static boolean unanswered(Call c) {
        return c.direct && c.answeredAt == 0;
    }

    private CallEnd finish(Call c, CallEnd.Reason reason) {
        calls.remove(c.id);
        byScope.remove(c.scope, c.id);
        long duration = c.answeredAt == 0 ? 0 : clock.millis() - c.answeredAt;
        CallView last = c.view();
        c.ringing.clear();
        return new CallEnd(last, reason, duration);
    }

    private Call require(String callId) {
        Call c = callId == null ? null : calls.get(callId);
        if (c == null) throw ApiException.notFound("The call");
        return c;
    }

    private static Participant participant(Call c, String connectionId) {
        for (Participant p : c.byUser.values()) if (p.connectionId().equals(connectionId)) return p;
        throw ApiException.notFound("The call");
    }
}
