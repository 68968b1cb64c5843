package io.juntos.auth;

import java.time.Instant;

/** A user as the API shows it (to the user themself; others see {@link #publicView()}). */
public record User(String id, String username, String email, String fullName, String avatarUrl, String bio, Instant createdAt) {

    /** What another user may see: no email. */
    public PublicUser publicView() {
        return new PublicUser(id, username, fullName, avatarUrl);
    }

    public record PublicUser(String id, String username, String fullName, String avatarUrl) {
    }
}
