package io.juntos.oidc;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Optional;

/** The oidc_flows table: sign-ins and links in progress, single use and short-lived. */
final class Flows {
    enum Purpose { SIGNIN, LINK }

    /** A verified provider account waiting for its new owner to choose a username. */
    record Pending(String subject, String email, String name, String username) {
    }

    record Flow(String state, String bindingHash, String provider, Purpose purpose, String userId, String nonce, String verifier,
                long createdAt, long expiresAt, Long usedAt, Pending pending) {
    }

    private static final RowMapper<Flow> MAPPER = (rs, ctx) -> {
        long used = rs.getLong("used_at");
        Long usedAt = rs.wasNull() ? null : used;
        String subject = rs.getString("pending_subject");
        Pending pending = subject == null ? null
                : new Pending(subject, rs.getString("pending_email"), rs.getString("pending_name"), rs.getString("pending_username"));
        return new Flow(rs.getString("state"), rs.getString("binding_hash"), rs.getString("provider"), Purpose.valueOf(rs.getString("purpose")),
                rs.getString("user_id"), rs.getString("nonce"), rs.getString("verifier"), rs.getLong("created_at"), rs.getLong("expires_at"),
                usedAt, pending);
    };

    private final Jdbi jdbi;

    Flows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void create(Flow f, long now) {
        jdbi.useTransaction(h -> {
            // Expired rows go as new ones come: the table holds only the last few minutes of sign-ins.
            h.createUpdate("DELETE FROM oidc_flows WHERE expires_at < :now").bind("now", now).execute();
            h.createUpdate("""
                            INSERT INTO oidc_flows (state, binding_hash, provider, purpose, user_id, nonce, verifier, created_at, expires_at)
                            VALUES (:state, :binding, :provider, :purpose, :user, :nonce, :verifier, :created, :expires)""")
                    .bind("state", f.state()).bind("binding", f.bindingHash()).bind("provider", f.provider())
                    .bind("purpose", f.purpose().name()).bind("user", f.userId()).bind("nonce", f.nonce()).bind("verifier", f.verifier())
                    .bind("created", f.createdAt()).bind("expires", f.expiresAt()).execute();
        });
    }

    Optional<Flow> byState(String state) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM oidc_flows WHERE state = :s").bind("s", state).map(MAPPER).findOne());
    }

    /** Marks the flow used; false when someone (a replayed callback) got there first. */
    boolean markUsed(String state, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE oidc_flows SET used_at = :now WHERE state = :s AND used_at IS NULL")
                .bind("now", now).bind("s", state).execute() == 1);
    }

    void keepPending(String state, Pending p, long expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE oidc_flows SET pending_subject = :sub, pending_email = :email, pending_name = :name,
                               pending_username = :username, expires_at = :expires WHERE state = :s""")
                .bind("sub", p.subject()).bind("email", p.email()).bind("name", p.name()).bind("username", p.username())
                .bind("expires", expiresAt).bind("s", state).execute());
    }

    /** The newest unexpired pending sign-up of this browser. */
    Optional<Flow> pendingOf(String bindingHash, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM oidc_flows WHERE binding_hash = :b AND pending_subject IS NOT NULL AND expires_at > :now
                        ORDER BY created_at DESC""")
                .bind("b", bindingHash).bind("now", now).map(MAPPER).findFirst());
    }

    void delete(org.jdbi.v3.core.Handle h, String state) {
        h.createUpdate("DELETE FROM oidc_flows WHERE state = :s").bind("s", state).execute();
    }
}
