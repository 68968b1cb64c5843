package io.juntos.crdt;

/** Receives {@link ChangeEvent}s; must not edit the document it observes from inside the callback. */
@FunctionalInterface
public interface ChangeListener {
    void onChange(ChangeEvent event);
}
