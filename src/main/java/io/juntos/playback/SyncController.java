package io.juntos.playback;

import io.juntos.playback.PlaybackState.Paused;
import io.juntos.playback.PlaybackState.Playing;
import io.juntos.playback.PlaybackState.Waiting;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One room's sync controller: pure (no I/O), driven by an injected clock, not thread-safe (the
 * room serialises calls). From each member's report it computes the drift against the expected
 * position and decides: nothing inside the dead band, a bounded rate nudge for small drift, a
 * seek for large drift; with a cooldown after each seek and a cap on seeks per window so a
 * member whose player cannot keep up is not hammered (no correction storm). It also applies the
 * room's {@link WaitPolicy}: the state it returns, when not null, replaces the room's state.
 */
public final class SyncController {
    private final SyncThresholds t;
    private final Clock clock;
    private final Map<String, Track> members = new LinkedHashMap<>();
    private WaitPolicy policy;

    /** What the controller knows of one member (a connection). */
    private static final class Track {
        final String userId;
        double driftMs = Double.NaN;
        boolean buffering;
        long bufferingSince;
        long lastReportAt;
        double nudge;           // current relative rate change (0: none)
        long nudgeSince;
        long lastCorrectionAt = Long.MIN_VALUE / 2;
        long lastSeekAt = Long.MIN_VALUE / 2;
        final ArrayDeque<Long> seeks = new ArrayDeque<>();
        boolean excused;        // the room stopped waiting for it; it catches up instead

        Track(String userId) {
            this.userId = userId;
        }
    }

    /** The outcome of a report or tick: a new room state (or null) and a correction for the reporter (or null). */
    public record Outcome(PlaybackState state, Correction correction) {
        static final Outcome NONE = new Outcome(null, null);
    }

    /** A member as the host view shows it. */
    public record Health(String memberId, String userId, Double driftMs, boolean buffering, double nudge, long lastReportAgoMs,
                         boolean connected, boolean waitedFor) {
    }

    public SyncController(SyncThresholds thresholds, WaitPolicy policy, Clock clock) {
        this.t = thresholds;
        this.policy = policy;
        this.clock = clock;
    }

    public void policy(WaitPolicy p) {
        this.policy = p;
    }

    public void joined(String memberId, String userId) {
        members.putIfAbsent(memberId, new Track(userId));
    }

    /** A member's connection went away: the room stops waiting for it. */
    public PlaybackState left(String memberId, PlaybackState s) {
        members.remove(memberId);
        return s instanceof Waiting w && w.waitingFor().contains(memberId) ? stopWaitingFor(w, Set.of(memberId)) : null;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The room's state changed by a controller: old nudges and counts no longer apply. */
    public void stateChanged() {
        for (Track m : members.values()) {
            m.nudge = 0;
            m.driftMs = Double.NaN;
            m.lastSeekAt = clock.millis(); // every client seeks on its own after a state change
        }
    }

    public Outcome report(String memberId, Report r, PlaybackState s) {
        Track m = members.get(memberId);
        if (m == null) return Outcome.NONE;
        long now = clock.millis();
        m.lastReportAt = now;
        if (r.buffering() && !m.buffering) m.bufferingSince = now;
        m.buffering = r.buffering();
        if (s.item() == null || !s.item().id().equals(r.itemId())) return Outcome.NONE; // still loading another item
        m.driftMs = (r.position() - s.positionAt(r.atMs())) * 1000;
        if (m.excused && !r.buffering()) m.excused = false;
        PlaybackState next = waitRule(memberId, m, s, now);
        if (next != null) return new Outcome(next, null);
        return new Outcome(null, correct(m, s, now));
    }

    /** Periodic: ends a wait that ran out of time, and stops waiting for silent members. */
    public PlaybackState tick(PlaybackState s) {
        if (!(s instanceof Waiting w)) return null;
        long now = clock.millis();
        Set<String> gone = new HashSet<>();
        for (String id : w.waitingFor()) {
            Track m = members.get(id);
            if (m == null || now - m.lastReportAt > t.staleReportMs()) gone.add(id);
        }
        if (now - w.sinceMs() >= t.waitTimeoutMs()) gone.addAll(w.waitingFor());
        return gone.isEmpty() ? null : stopWaitingFor(w, gone);
    }

    private PlaybackState waitRule(String memberId, Track m, PlaybackState s, long now) {
        return switch (s) {
            case Playing p -> policy == WaitPolicy.WAIT && m.buffering && !m.excused && now - m.bufferingSince >= t.bufferGraceMs()
                    ? new Waiting(p.item(), p.positionAt(now), now, p.rate(), p.version() + 1, Set.of(memberId), now) : null;
            case Waiting w -> {
                if (m.buffering && !m.excused && !w.waitingFor().contains(memberId) && now - m.bufferingSince >= t.bufferGraceMs()) {
                    Set<String> more = new HashSet<>(w.waitingFor());
                    more.add(memberId);
                    yield new Waiting(w.item(), w.position(), w.atMs(), w.rate(), w.version() + 1, more, w.sinceMs());
                }
                yield !m.buffering && w.waitingFor().contains(memberId) ? stopWaitingFor(w, Set.of(memberId)) : null;
            }
            case Paused p -> null;
        };
    }

    private PlaybackState stopWaitingFor(Waiting w, Set<String> ids) {
        Set<String> rest = new HashSet<>(w.waitingFor());
        rest.removeAll(ids);
        long now = clock.millis();
        for (String id : ids) {
            Track m = members.get(id);
            if (m != null && m.buffering) m.excused = true; // timed out: the room goes on; this one catches up
        }
        if (!rest.isEmpty()) return new Waiting(w.item(), w.position(), w.atMs(), w.rate(), w.version() + 1, rest, w.sinceMs());
        return new Playing(w.item(), w.position(), now, w.rate(), w.version() + 1);
    }

    private Correction correct(Track m, PlaybackState s, long now) {
        if (m.buffering || now - m.lastSeekAt < t.seekCooldownMs()) return null;
        double drift = m.driftMs;
        double abs = Math.abs(drift);
        if (!(s instanceof Playing)) {
            m.nudge = 0;
            return abs >= t.seekMs() ? seek(m, s, now, drift) : null;
        }
        boolean nudgeTooLong = m.nudge != 0 && now - m.nudgeSince > t.maxNudgeMs() && abs > t.deadbandMs();
        if (abs >= t.seekMs() || nudgeTooLong) return seek(m, s, now, drift);
        if (m.nudge != 0) {
            boolean overshot = Math.signum(drift) == Math.signum(m.nudge); // nudge < 0 slows an ahead (drift > 0) player
            if (abs < t.convergedMs() || overshot) return rate(m, s, 0, now, drift);
            double aim = nudgeFor(drift);
            return Math.abs(aim - m.nudge) > 0.01 && now - m.lastCorrectionAt >= t.nudgeIntervalMs() ? rate(m, s, aim, now, drift) : null;
        }
        if (abs < t.deadbandMs()) return null;
        m.nudgeSince = now;
        return rate(m, s, nudgeFor(drift), now, drift);
    }

    private double nudgeFor(double driftMs) {
        double n = -driftMs / t.nudgeHorizonMs();
        return Math.max(-t.maxNudge(), Math.min(t.maxNudge(), n));
    }

    private Correction rate(Track m, PlaybackState s, double nudge, long now, double drift) {
        m.nudge = nudge;
        m.lastCorrectionAt = now;
        return new Correction.Rate(s.rate() * (1 + nudge), drift);
    }

    private Correction seek(Track m, PlaybackState s, long now, double drift) {
        while (!m.seeks.isEmpty() && now - m.seeks.peekFirst() > t.seekWindowMs()) m.seeks.pollFirst();
        if (m.seeks.size() >= t.maxSeeks()) return null; // this player cannot hold a position: stop hammering it
        m.seeks.addLast(now);
        m.nudge = 0;
        m.lastSeekAt = now;
        m.lastCorrectionAt = now;
        return new Correction.Seek(s.positionAt(now), drift);
    }

    /** Every member with its last drift, for the host view. */
    public List<Health> health(PlaybackState s) {
        long now = clock.millis();
        Set<String> waited = s instanceof Waiting w ? w.waitingFor() : Set.of();
        List<Health> out = new ArrayList<>();
        members.forEach((id, m) -> out.add(new Health(id, m.userId, Double.isNaN(m.driftMs) ? null : Math.round(m.driftMs * 10) / 10.0,
                m.buffering, m.nudge, m.lastReportAt == 0 ? -1 : now - m.lastReportAt, m.lastReportAt != 0 && now - m.lastReportAt <= t.staleReportMs(),
                waited.contains(id))));
        return out;
    }
}
