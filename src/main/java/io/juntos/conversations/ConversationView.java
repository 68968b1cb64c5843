package io.juntos.conversations;

import io.juntos.auth.User;

import java.time.Instant;

/**
 * A conversation as its members see it. The per-user fields ({@code role}, {@code readSeq},
 * {@code deliveredSeq}, {@code unread}) are null (omitted) in events broadcast to all members.
 * {@code peer} is the other person of a direct conversation.
 */
public record ConversationView(
        String id,
        String kind,
        String name,
        String role,
        long lastSeq,
        Long readSeq,
        Long deliveredSeq,
        Long unread,
        int memberCount,
        User.PublicUser peer,
        String joinCode,
        String inviteUrl,
        Message lastMessage,
        Instant createdAt,
        Instant updatedAt) {

    /** Without the fields that belong to one reader, nor the join code and link (owners and admins only). */
    ConversationView forEveryone() {
        return new ConversationView(id, kind, name, null, lastSeq, null, null, null, memberCount, null, null, null, null, createdAt, updatedAt);
    }
}
