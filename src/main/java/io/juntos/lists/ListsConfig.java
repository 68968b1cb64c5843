package io.juntos.lists;

import io.juntos.config.Env;

import java.time.Duration;

/**
 * The lists feature's limits and timings, as data, read once at start from {@code JUNTOS_LISTS_*}
 * (README lists them).
 *
 * @param titleChars          characters (UTF-16 units) in an item's title
 * @param notesChars          characters in an item's notes
 * @param items               items in one list
 * @param maxListsPerUser     lists one user may own
 * @param maxPending          updates of one list waiting for its writer before {@code overloaded}
 * @param retryAfterMs        what {@code overloaded} tells the client to wait
 * @param compactEvery        updates after which the log is compacted into a snapshot
 * @param keepLog             updates kept in the log behind the snapshot, for {@code resume}
 * @param replicaIdle         how long an unused replica nobody has open stays in memory
 * @param trashDays           days a list stays in the trash before it is purged with its media
 * @param inlineSnapshotBytes largest snapshot sent inside the {@code list.open} ack
 */
record ListsConfig(int titleChars, int notesChars, int items, int maxListsPerUser, int maxPending, int retryAfterMs, int compactEvery,
                   int keepLog, Duration replicaIdle, int trashDays, int inlineSnapshotBytes) {

    static ListsConfig from(Env env) {
        return new ListsConfig(
                env.integer("JUNTOS_LISTS_MAX_TITLE", 500, 1, 10_000),
                env.integer("JUNTOS_LISTS_MAX_NOTES", 16_000, 1, 10_000_000),
                env.integer("JUNTOS_LISTS_MAX_ITEMS", 1000, 1, 100_000),
                env.integer("JUNTOS_LISTS_MAX_PER_USER", 500, 1, 100_000),
                env.integer("JUNTOS_LISTS_MAX_PENDING", 256, 1, 100_000),
                200,
                env.integer("JUNTOS_LISTS_COMPACT_EVERY", 1000, 10, 1_000_000),
                1000,
                env.duration("JUNTOS_LISTS_REPLICA_IDLE", Duration.ofMinutes(5)),
                env.integer("JUNTOS_LISTS_TRASH_DAYS", 30, 1, 3650),
                env.integer("JUNTOS_LISTS_INLINE_SNAPSHOT_BYTES", 262_144, 1024, 16 << 20));
    }

    ListLimits listLimits() {
        return new ListLimits(titleChars, notesChars, items);
    }
}
