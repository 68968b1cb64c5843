package io.juntos.gateway;

import java.util.List;

/**
 * Reads a sequenced topic's frames back from the store, which is the source of truth: used to
 * fill a gap in what the bus delivered and to replay what a resuming client missed.
 */
public interface Backfill {
    /** Up to {@code limit} frames with seq greater than {@code afterSeq}, in seq order. */
    List<Sequenced> after(String topic, long afterSeq, int limit);

    /** The newest seq of the topic (0 when empty). */
    long latest(String topic);

    record Sequenced(long seq, String frame) {
    }
}
