package io.juntos.rooms;

import io.juntos.auth.User;

import java.time.Instant;

/**
 * A room as its members see it. {@code joinLink} is the shareable {@code <public URL>/r/<token>};
 * {@code role} is the caller's.
 */
record RoomView(String id, String name, String message, String controlPolicy, String waitPolicy, int maxMembers, boolean autoAdvance,
                String conversationId, String hostId, String role, int memberCount, String joinLink, Instant joinExpiresAt,
                Instant createdAt, Instant activeAt, long lastSeq) {

    /** A member with their role and whether a socket of theirs is in the room now. */
    record Member(User.PublicUser user, String role, Instant joinedAt, boolean online) {
    }

    /** One queue entry; {@code url} is what a file player loads (a signed URL for uploads), null for YouTube. */
    record QueueItem(String id, String kind, String source, String url, String title, Double duration, String addedBy, Instant addedAt) {
    }
}
