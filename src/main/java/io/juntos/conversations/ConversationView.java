package io.juntos.conversations;

import io.juntos.auth.User;

import java.time.Instant;

/**
 * A conversation as its members see it. The per-user fields ({@code role}, {@code readSeq},
 * {@code deliveredSeq}, {@code unread}) are null (omitted) in events broadcast to all members.
 * {@code peer} is the other person of a direct conversation. {@code archived} is the reader's own
 * choice (it moves the conversation to the list's "Archived" section), so it is per-user too.
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
        Boolean archived,
        int memberCount,
        User.PublicUser peer,
        String joinCode,
        String inviteUrl,
        Message lastMessage,
        Instant createdAt,
        Instant updatedAt) {

    /** Without the fields that belong to one reader, nor the join code and link (owners and admins only). */
    ConversationView forEveryone() {
        return new ConversationView(id, kind, name, null, lastSeq, null, null, null, null, memberCount, null, null, null, null, createdAt, updatedAt);
    }
}
