package io.juntos.calls;

/**
 * One person in a call, on one device (gateway connection). {@code droppedAt} is when that
 * connection closed (0 while connected): the participant stays, shown as reconnecting, until the
 * grace period ends, so a network blip does not end anyone's call.
 */
record Participant(String userId, String connectionId, boolean audio, boolean video, boolean screen, long joinedAt, long droppedAt) {

    Participant withMedia(boolean a, boolean v, boolean s) {
        return new Participant(userId, connectionId, a, v, s, joinedAt, droppedAt);
    }

    Participant dropped(long at) {
        return new Participant(userId, connectionId, audio, video, screen, joinedAt, at);
    }

    boolean connected() {
        return droppedAt == 0;
    }
}
