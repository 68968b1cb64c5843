package io.juntos.conversations;

import io.juntos.auth.User;

import java.time.Instant;

/** A member of a conversation with role, receipt markers and presence. */
public record MemberView(User.PublicUser user, String role, Instant joinedAt, long deliveredSeq, long readSeq,
                         boolean online, Instant lastSeenAt) {
}
