package io.juntos.playback;

/**
 * One member's report: what its player showed at server time {@code atMs} (the client maps its
 * own clock through its estimated offset), for which item, and whether it was buffering.
 */
public record Report(String itemId, double position, boolean buffering, boolean playing, long atMs, Double duration) {
}
