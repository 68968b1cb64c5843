package io.juntos.auth;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sessions (refresh-token families) and their hashed refresh tokens. */
final class Sessions {
    private final Jdbi jdbi;

    Sessions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    record SessionView(String id, String device, String ip, Instant createdAt, Instant lastUsedAt, boolean current) {
    }

    /** The row a refresh needs, read in the rotating transaction. */
    record TokenRow(String sessionId, String userId, Long rotatedAt, Long revokedAt, long lastUsedAt, long expiresAt) {
    }

    void create(Handle h, String id, String userId, String device, String ip, long now, long expiresAt) {
        h.createUpdate("""
                        INSERT INTO sessions (id, user_id, device, ip, created_at, last_used_at, expires_at)
                        VALUES (:id, :user, :device, :ip, :now, :now, :exp)""")
                .bind("id", id).bind("user", userId).bind("device", device).bind("ip", ip)
                .bind("now", now).bind("exp", expiresAt).execute();
    }

    void addToken(Handle h, String tokenHash, String sessionId, long now) {
        h.createUpdate("INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (:hash, :sid, :now)")
                .bind("hash", tokenHash).bind("sid", sessionId).bind("now", now).execute();
    }

    Optional<TokenRow> findToken(Handle h, String tokenHash) {
        return h.createQuery("""
                        SELECT t.session_id, s.user_id, t.rotated_at, s.revoked_at, s.last_used_at, s.expires_at
                        FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = :hash""")
                .bind("hash", tokenHash)
                .map((rs, c) -> new TokenRow(rs.getString(1), rs.getString(2), nullableLong(rs, 3), nullableLong(rs, 4),
                        rs.getLong(5), rs.getLong(6)))
                .findOne();
    }

    /** sqlite-jdbc cannot convert NULL through getObject(i, Long.class); getLong + wasNull works on both engines. */
    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Marks a token exchanged; false when another request exchanged it first (that is re-use too). */
    boolean markRotated(Handle h, String tokenHash, long now) {
        return h.createUpdate("UPDATE refresh_tokens SET rotated_at = :now WHERE token_hash = :hash AND rotated_at IS NULL")
                .bind("hash", tokenHash).bind("now", now).execute() == 1;
    }

    void touch(Handle h, String sessionId, long now) {
        h.createUpdate("UPDATE sessions SET last_used_at = :now WHERE id = :id").bind("id", sessionId).bind("now", now).execute();
    }

    boolean revoke(Handle h, String sessionId, String reason, long now) {
        return h.createUpdate("UPDATE sessions SET revoked_at = :now, revoke_reason = :reason WHERE id = :id AND revoked_at IS NULL")
                .bind("id", sessionId).bind("reason", reason).bind("now", now).execute() == 1;
    }

    List<String> revokeAllExcept(Handle h, String userId, String keepSessionId, String reason, long now) {
        List<String> ids = h.createQuery("SELECT id FROM sessions WHERE user_id = :user AND revoked_at IS NULL AND id <> :keep")
                .bind("user", userId).bind("keep", keepSessionId).mapTo(String.class).list();
        for (String id : ids) revoke(h, id, reason, now);
        return ids;
    }

    /** Removes every session of a deleted account (its refresh tokens go with them); returns the ids. */
    List<String> deleteAll(Handle h, String userId) {
        List<String> ids = h.createQuery("SELECT id FROM sessions WHERE user_id = :user").bind("user", userId).mapTo(String.class).list();
        h.createUpdate("DELETE FROM sessions WHERE user_id = :user").bind("user", userId).execute();
        return ids;
    }

    Optional<String> ownerOfActive(String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_id FROM sessions WHERE id = :id AND revoked_at IS NULL")
                .bind("id", sessionId).mapTo(String.class).findOne());
    }

    boolean isActive(String sessionId, long now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE id = :id AND revoked_at IS NULL AND expires_at > :now")
                .bind("id", sessionId).bind("now", now).mapTo(Integer.class).one() > 0);
    }

    List<SessionView> listActive(String userId, String currentSessionId, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, device, ip, created_at, last_used_at FROM sessions
                        WHERE user_id = :user AND revoked_at IS NULL AND expires_at > :now ORDER BY last_used_at DESC""")
                .bind("user", userId).bind("now", now)
                .map((rs, c) -> new SessionView(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(1).equals(currentSessionId)))
                .list());
    }
}
