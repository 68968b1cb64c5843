package io.juntos.playback;

/**
 * The sync controller's thresholds, as data (docs/rooms.md explains the choice). Drifts are in
 * milliseconds, positive when a member is ahead of the room.
 *
 * @param deadbandMs       below this drift nothing is done (measurement noise of a 1/s report)
 * @param convergedMs      a rate nudge ends once the drift is back below this (hysteresis: start at deadband, stop here)
 * @param seekMs           at or beyond this drift a seek beats a nudge (a 5 % nudge would take > 9 s)
 * @param maxNudge         largest relative rate change of a nudge (0.05 = ±5 %, barely audible)
 * @param nudgeHorizonMs   a nudge aims to close the drift over about this long
 * @param maxNudgeMs       a nudge that has not converged after this long becomes a seek
 * @param seekCooldownMs   after a seek the member's reports are ignored this long (the player settles)
 * @param nudgeIntervalMs  an active nudge is re-aimed at most this often
 * @param maxSeeks         at most this many seeks per member per {@code seekWindowMs}: beyond, the controller stops correcting (no storm)
 * @param seekWindowMs     the window of {@code maxSeeks}
 * @param bufferGraceMs    a member must buffer this long before a {@code wait} room waits for it (a short stall costs nothing)
 * @param waitTimeoutMs    after this long waiting, the room plays on without the members still buffering
 * @param staleReportMs    a member silent this long counts as disconnected in the host view and the wait set
 */
public record SyncThresholds(
        double deadbandMs,
        double convergedMs,
        double seekMs,
        double maxNudge,
        double nudgeHorizonMs,
        long maxNudgeMs,
        long seekCooldownMs,
        long nudgeIntervalMs,
        int maxSeeks,
        long seekWindowMs,
        long bufferGraceMs,
        long waitTimeoutMs,
        long staleReportMs) {

    public static SyncThresholds defaults() {
        return new SyncThresholds(30, 10, 450, 0.05, 1500, 8000, 1500, 1000, 4, 30_000, 1000, 10_000, 5000);
    }

    public SyncThresholds {
        if (!(convergedMs < deadbandMs && deadbandMs < seekMs)) throw new IllegalArgumentException("need convergedMs < deadbandMs < seekMs");
        if (maxNudge <= 0 || maxNudge > 0.5) throw new IllegalArgumentException("maxNudge must be in (0, 0.5]");
        if (maxSeeks < 1) throw new IllegalArgumentException("maxSeeks must be at least 1");
    }

    public SyncThresholds withWaitTimeoutMs(long ms) {
        return new SyncThresholds(deadbandMs, convergedMs, seekMs, maxNudge, nudgeHorizonMs, maxNudgeMs, seekCooldownMs, nudgeIntervalMs,
                maxSeeks, seekWindowMs, bufferGraceMs, ms, staleReportMs);
    }
}
