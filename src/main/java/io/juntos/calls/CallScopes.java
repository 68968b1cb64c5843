package io.juntos.calls;

import io.juntos.conversations.ConversationReader;
import io.juntos.http.ApiException;
import io.juntos.rooms.RoomMembers;
import io.juntos.store.Ids;

import java.util.List;
import java.util.Optional;

/**
 * Where calls happen and who belongs there, asked of the owning features through their public
 * types (conversations' reader, rooms' members), never their tables. A non-member gets the same
 * 404 as for an id that does not exist.
 */
final class CallScopes {
    /** The topic every member's sockets follow (Gateway's convention {@code conv.<id>}). */
    private static final String CONVERSATION_TOPIC = "conv.";

    private final ConversationReader conversations;
    private final RoomMembers rooms;

    CallScopes(ConversationReader conversations, RoomMembers rooms) {
        this.conversations = conversations;
        this.rooms = rooms;
    }

    /** The scope a request names; a bad kind is a field error, a bad id simply not found. */
    Scope parse(String kind, String id) {
        Scope.Kind k = Scope.Kind.parse(kind);
        if (k == null) throw ApiException.invalid("scope", "invalid_value", "One of: conversation, room.");
        if (id == null || !Ids.isWellFormed(id)) throw notFound(k);
        return new Scope(k, id);
    }

    boolean isMember(Scope s, String userId) {
        return switch (s.kind()) {
            case CONVERSATION -> conversations.isMember(s.id(), userId);
            case ROOM -> rooms.isMember(s.id(), userId);
        };
    }

    void requireMember(Scope s, String userId) {
        if (!isMember(s, userId)) throw notFound(s.kind());
    }

    /** Whose devices ring when {@code userId} starts a call: the other person of a direct conversation. */
    List<String> ringTargets(Scope s, String userId) {
        return switch (s.kind()) {
            case CONVERSATION -> conversations.isDirect(s.id())
                    ? conversations.memberIds(s.id()).stream().filter(u -> !u.equals(userId)).toList() : List.of();
            case ROOM -> List.of();
        };
    }

    String topic(Scope s) {
        return switch (s.kind()) {
            case CONVERSATION -> CONVERSATION_TOPIC + s.id();
            case ROOM -> RoomMembers.topic(s.id());
        };
    }

    /** The conversation a call's trace is written to: the conversation itself, or the room's chat. */
    Optional<String> traceConversation(Scope s) {
        return switch (s.kind()) {
            case CONVERSATION -> Optional.of(s.id());
            case ROOM -> rooms.chatConversationId(s.id());
        };
    }

    private static ApiException notFound(Scope.Kind k) {
        return switch (k) {
            case CONVERSATION -> ApiException.notFound("The conversation");
            case ROOM -> ApiException.notFound("The room");
        };
    }
}
