package io.juntos.rooms;

import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/**
 * What other features (calls) may know of a room's membership, through this type and never the
 * rooms tables: whether a user is a member, who the members are, the room's name, and the topic
 * every member's sockets follow (for ephemeral events such as a call starting in the room).
 */
public final class RoomMembers {
    private final Jdbi jdbi;
    private final RoomStore store;

    RoomMembers(Jdbi jdbi, RoomStore store) {
        this.jdbi = jdbi;
        this.store = store;
    }

    public boolean isMember(String roomId, String userId) {
        if (roomId == null || !io.juntos.store.Ids.isWellFormed(roomId)) return false;
        return jdbi.withHandle(h -> store.member(h, roomId, userId).isPresent());
    }

    /** Member ids (empty when the room does not exist). */
    public List<String> memberIds(String roomId) {
        return jdbi.withHandle(h -> store.members(h, roomId).stream().map(RoomStore.Member::userId).toList());
    }

    public Optional<String> name(String roomId) {
        return jdbi.withHandle(h -> store.byId(h, roomId).map(RoomStore.Row::name));
    }

    /** The room's chat (a conversations group chat), where a call's trace is written. */
    public Optional<String> chatConversationId(String roomId) {
        return jdbi.withHandle(h -> store.byId(h, roomId).map(RoomStore.Row::conversationId));
    }

    /** The topic every member's sockets follow; only unsequenced events may be published on it by others. */
    public static String topic(String roomId) {
        return RoomEvents.topic(roomId);
    }
}
