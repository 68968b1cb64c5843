package io.juntos.playback;

/** What a controller asks of the room's player (REST {@code POST /api/rooms/{id}/playback} and {@code room.playback}). */
public sealed interface Action {
    record Play(Double position) implements Action {
    }

    record Pause(Double position) implements Action {
    }

    record Seek(double position) implements Action {
    }

    record Rate(double rate) implements Action {
    }

    /** Load the next item (null: the queue is exhausted, stop on the current one). */
    record Load(PlaybackState.Item item) implements Action {
    }
}
