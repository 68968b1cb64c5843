package io.juntos.gateway;

import java.util.List;

/**
 * How a feature's sequenced stream ({@code conv.<id>}, {@code room.<id>}…) is read back from the
 * store, which is the source of truth: used to fill a gap in what the bus delivered and to replay
 * what a resuming client missed. Called on virtual threads, never on a bus delivery thread.
 */
public interface Backfill {
    /** Up to {@code limit} frames with seq greater than {@code afterSeq}, in seq order. */
    List<Sequenced> after(String stream, long afterSeq, int limit);

    /** The newest seq of the stream (0 when empty). */
    long latest(String stream);

    /**
     * Optional, for resume's {@code since}: frames describing changes made after {@code sinceMillis}
     * to events the client already holds (seq up to {@code upToSeq}), e.g. edits and deletions.
     */
    default List<String> updatesSince(String stream, long sinceMillis, long upToSeq) {
        return List.of();
    }

    record Sequenced(long seq, String frame) {
    }
}
