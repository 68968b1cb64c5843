package io.juntos.playback;

/**
 * A room's authoritative playback state. The position is anchored to a server timestamp
 * ({@code atMs}): while playing, the expected position at server time t is
 * {@code position + (t - atMs) / 1000 * rate}, so clients with a known clock offset can all
 * derive the same position without the server streaming it. {@code version} grows by one with
 * every change, so a client can drop a state older than the one it holds.
 */
public sealed interface PlaybackState {
    /** The queue item being played, or null when the queue is empty. */
    Item item();

    double position();

    long atMs();

    double rate();

    long version();

    /** The position expected at server time {@code nowMs}, never past the item's known end. */
    default double positionAt(long nowMs) {
        double p = switch (this) {
            case Playing pl -> pl.position() + Math.max(0, nowMs - pl.atMs()) / 1000.0 * pl.rate();
            case Paused pa -> pa.position();
            case Waiting w -> w.position();
        };
        Item i = item();
        return i != null && i.duration() != null ? Math.min(p, i.duration()) : p;
    }

    /** The wire name: {@code playing}, {@code paused} or {@code buffering}. */
    default String name() {
        return switch (this) {
            case Playing p -> "playing";
            case Paused p -> "paused";
            case Waiting w -> "buffering";
        };
    }

    /** What is played: a file URL, a YouTube video or an uploaded media object; duration in seconds once known. */
    record Item(String id, String kind, String source, Double duration) {
        public Item withDuration(double d) {
            return new Item(id, kind, source, d);
        }
    }

    record Paused(Item item, double position, long atMs, double rate, long version) implements PlaybackState {
    }

    record Playing(Item item, double position, long atMs, double rate, long version) implements PlaybackState {
    }

    /**
     * Playing, but held at {@code position} while the members in {@code waitingFor} buffer (wait
     * policy {@code wait}); {@code sinceMs} starts the timeout after which the room goes on without them.
     */
    record Waiting(Item item, double position, long atMs, double rate, long version,
                   java.util.Set<String> waitingFor, long sinceMs) implements PlaybackState {
        public Waiting {
            waitingFor = java.util.Set.copyOf(waitingFor);
        }
    }

    static PlaybackState initial(long nowMs) {
        return new Paused(null, 0, nowMs, 1.0, 0);
    }
}
