package io.juntos.rooms;

import io.juntos.config.Env;
import io.juntos.playback.SyncThresholds;

import java.time.Duration;

/**
 * The rooms feature's limits and timings, as data, read once at start from {@code JUNTOS_ROOMS_*}
 * (README lists them).
 *
 * @param maxRoomsPerUser   rooms one user may belong to
 * @param maxQueueItems     items in one room's queue
 * @param reportInterval    how often clients report their position (sent to them in {@code room.subscribe}'s ack)
 * @param hostViewInterval  how often the host gets {@code room.members}
 * @param waitTimeout       how long a {@code wait} room waits for a buffering member
 */
record RoomsConfig(int maxRoomsPerUser, int maxQueueItems, Duration reportInterval, Duration hostViewInterval, Duration waitTimeout,
                   SyncThresholds thresholds) {

    static RoomsConfig from(Env env) {
        Duration wait = env.duration("JUNTOS_ROOMS_WAIT_TIMEOUT", Duration.ofSeconds(10));
        return new RoomsConfig(
                env.integer("JUNTOS_ROOMS_MAX_PER_USER", 50, 1, 10_000),
                env.integer("JUNTOS_ROOMS_MAX_QUEUE", 100, 1, 1000),
                env.duration("JUNTOS_ROOMS_REPORT_INTERVAL", Duration.ofMillis(1000)),
                Duration.ofSeconds(1),
                wait,
                SyncThresholds.defaults().withWaitTimeoutMs(wait.toMillis()));
    }
}
