package io.juntos.calls;

import java.time.Duration;

/**
 * The calls feature's limits and timings, as data (read from {@code JUNTOS_CALLS_*} by
 * {@link CallsConfig}). A mesh sends every stream to every peer, so a browser uploads
 * (n − 1) copies of its video: past four video senders a 2-core laptop or a phone falls behind.
 *
 * @param maxParticipants people in one call (audio-only beyond {@code maxVideo})
 * @param maxVideo        participants sending camera or screen video at once
 * @param ringTimeout     how long the other person's devices ring before the call is missed
 * @param dropGrace       how long a participant whose connection died stays before being removed
 */
record CallLimits(int maxParticipants, int maxVideo, Duration ringTimeout, Duration dropGrace) {
    CallLimits {
        if (maxVideo > maxParticipants) throw new IllegalArgumentException("maxVideo above maxParticipants");
    }
}
