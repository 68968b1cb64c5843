package io.juntos.push;

/**
 * The trigger other features call (messages today; calls, room invites and list assignments as
 * they land). Never blocks and never throws: the event is queued for a bounded background worker,
 * and dropped with a counted warning when the queue is full, so a send path never waits on push.
 */
@FunctionalInterface
public interface Notifier {
    void notify(PushEvent event);
}
