package io.juntos.oidc;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The user_identities table: provider accounts linked to Juntos accounts. */
final class Identities {
    /** A linked provider account as the owner sees it. */
    record Linked(String provider, String subject, String email, Instant linkedAt) {
    }

    private final Jdbi jdbi;

    Identities(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<String> ownerOf(String provider, String subject) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_id FROM user_identities WHERE provider = :p AND subject = :s")
                .bind("p", provider).bind("s", subject).mapTo(String.class).findOne());
    }

    List<Linked> of(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT provider, subject, email, linked_at FROM user_identities WHERE user_id = :u ORDER BY linked_at")
                .bind("u", userId)
                .map((rs, c) -> new Linked(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))))
                .list());
    }

    void link(Handle h, String provider, String subject, String userId, String email, long now) {
        h.createUpdate("INSERT INTO user_identities (provider, subject, user_id, email, linked_at) VALUES (:p, :s, :u, :e, :now)")
                .bind("p", provider).bind("s", subject).bind("u", userId).bind("e", email).bind("now", now).execute();
    }

    boolean unlink(Handle h, String userId, String provider) {
        return h.createUpdate("DELETE FROM user_identities WHERE user_id = :u AND provider = :p")
                .bind("u", userId).bind("p", provider).execute() == 1;
    }

    List<String> providersOf(Handle h, String userId) {
        return h.createQuery("SELECT provider FROM user_identities WHERE user_id = :u").bind("u", userId).mapTo(String.class).list();
    }

    /** A deleted account's provider links and flows: signing in with the provider must not reach the tombstone. */
    static void eraseUser(org.jdbi.v3.core.Handle h, String userId) {
        h.createUpdate("DELETE FROM user_identities WHERE user_id = :u").bind("u", userId).execute();
        h.createUpdate("DELETE FROM oidc_flows WHERE user_id = :u").bind("u", userId).execute();
    }
}
