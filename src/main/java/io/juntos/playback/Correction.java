package io.juntos.playback;

/** What the controller tells one member's player; {@code driftMs} is what it measured. */
public sealed interface Correction {
    double driftMs();

    /** Play at this rate (the room's rate times 1 ± a nudge) until told otherwise. */
    record Rate(double rate, double driftMs) implements Correction {
    }

    /** Jump to the room's position (the client recomputes it from the state at the moment it seeks). */
    record Seek(double position, double driftMs) implements Correction {
    }
}
