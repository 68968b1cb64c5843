package io.juntos.crdt;

/**
 * What changed in a document, delivered to {@link ChangeListener}s synchronously after the
 * change. Indexes are visible indexes (UTF-16 units for text, element indexes for lists)
 * at the moment of the event. {@code local} tells edits made through this replica's API
 * from those applied from a remote update.
 */
public sealed interface ChangeEvent {
    boolean local();

    record Inserted(int index, String text, boolean local) implements ChangeEvent {
    }

    record Deleted(int index, int length, boolean local) implements ChangeEvent {
    }

    /** Formatting changed; re-read {@link TextDoc#spans()}. */
    record Formatted(MarkType type, String value, boolean local) implements ChangeEvent {
    }

    /** The element order or membership of a {@link ListDoc} changed; re-read {@link ListDoc#elements()}. */
    record ListChanged(boolean local) implements ChangeEvent {
    }
}
