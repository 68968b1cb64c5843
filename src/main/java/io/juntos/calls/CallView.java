package io.juntos.calls;

import java.util.List;

/**
 * An immutable snapshot (with the call's version: each snapshot is newer than the last) of a call, taken under the book's lock and used outside it (frames,
 * storage). {@code ringing}: the users whose devices ring (a direct call before it is answered).
 */
record CallView(String id, Scope scope, String startedBy, boolean video, long startedAt, long answeredAt, List<Participant> participants,
                List<String> ringing, long version) {

    Participant byConnection(String connectionId) {
        return participants.stream().filter(p -> p.connectionId().equals(connectionId)).findFirst().orElse(null);
    }
}
