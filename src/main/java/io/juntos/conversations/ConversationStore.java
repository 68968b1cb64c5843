package io.juntos.conversations;

import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for conversations, members and presence. Every method runs on the caller's handle (its transaction). */
final class ConversationStore {

    record Row(String id, String kind, String name, String joinCode, String inviteToken, long createdAt, long updatedAt, long lastSeq) {
    }

    record Membership(String conversationId, String userId, String role, long joinedAt, long deliveredSeq, long readSeq, boolean archived) {
    }

    private static final String ROW = "c.id, c.kind, c.name, c.join_code, c.invite_token, c.created_at, c.updated_at, c.last_seq";

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString("id"), rs.getString("kind"), rs.getString("name"), rs.getString("join_code"),
                rs.getString("invite_token"), rs.getLong("created_at"), rs.getLong("updated_at"), rs.getLong("last_seq"));
    }

    private static Membership membership(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Membership(rs.getString("conversation_id"), rs.getString("user_id"), rs.getString("role"),
                rs.getLong("joined_at"), rs.getLong("delivered_seq"), rs.getLong("read_seq"), rs.getObject("archived_at") != null);
    }

    Optional<Row> byId(Handle h, String id) {
        return h.createQuery("SELECT " + ROW + " FROM conversations c WHERE c.id = :id").bind("id", id).map((rs, c) -> row(rs)).findOne();
    }

    Optional<Row> byDirectKey(Handle h, String key) {
        return h.createQuery("SELECT " + ROW + " FROM conversations c WHERE c.direct_key = :k").bind("k", key).map((rs, c) -> row(rs)).findOne();
    }

    Optional<Row> byJoinCode(Handle h, String code) {
        return h.createQuery("SELECT " + ROW + " FROM conversations c WHERE c.join_code = :k").bind("k", code).map((rs, c) -> row(rs)).findOne();
    }

    Optional<Row> byInvite(Handle h, String token) {
        return h.createQuery("SELECT " + ROW + " FROM conversations c WHERE c.invite_token = :k").bind("k", token).map((rs, c) -> row(rs)).findOne();
    }

    /**
     * Takes the conversation's row lock for the rest of the transaction (PostgreSQL; SQLite's
     * IMMEDIATE transaction already holds the write lock), so that the duplicate check, the seq
     * increment and the insert of one send are not interleaved with another. False if no such row.
     */
    boolean lock(Handle h, String id) {
        return h.createUpdate("UPDATE conversations SET last_seq = last_seq WHERE id = :id").bind("id", id).execute() == 1;
    }

    /** Assigns the next sequence number; call inside the send transaction after {@link #lock}. */
    long nextSeq(Handle h, String id, long now) {
        h.createUpdate("UPDATE conversations SET last_seq = last_seq + 1, updated_at = :now WHERE id = :id").bind("id", id).bind("now", now).execute();
        return h.createQuery("SELECT last_seq FROM conversations WHERE id = :id").bind("id", id).mapTo(Long.class).one();
    }

    long lastSeq(Handle h, String id) {
        return h.createQuery("SELECT last_seq FROM conversations WHERE id = :id").bind("id", id).mapTo(Long.class).findOne().orElse(0L);
    }

    void insert(Handle h, String id, String kind, String name, String directKey, String joinCode, String invite, String createdBy, long now) {
        h.createUpdate("""
                        INSERT INTO conversations (id, kind, name, direct_key, join_code, invite_token, created_by, created_at, updated_at, last_seq)
                        VALUES (:id, :kind, :name, :dk, :code, :invite, :by, :now, :now, 0)""")
                .bind("id", id).bind("kind", kind).bind("name", name).bind("dk", directKey).bind("code", joinCode)
                .bind("invite", invite).bind("by", createdBy).bind("now", now).execute();
    }

    void rename(Handle h, String id, String name, long now) {
        h.createUpdate("UPDATE conversations SET name = :name, updated_at = :now WHERE id = :id").bind("id", id).bind("name", name).bind("now", now).execute();
    }

    void setCodes(Handle h, String id, String code, String invite, long now) {
        h.createUpdate("UPDATE conversations SET join_code = :code, invite_token = :invite, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("code", code).bind("invite", invite).bind("now", now).execute();
    }

    void addMember(Handle h, String conversationId, String userId, String role, long now) {
        h.createUpdate("INSERT INTO conversation_members (conversation_id, user_id, role, joined_at, delivered_seq, read_seq) VALUES (:c, :u, :r, :now, 0, 0)")
                .bind("c", conversationId).bind("u", userId).bind("r", role).bind("now", now).execute();
    }

    boolean removeMember(Handle h, String conversationId, String userId) {
        return h.createUpdate("DELETE FROM conversation_members WHERE conversation_id = :c AND user_id = :u")
                .bind("c", conversationId).bind("u", userId).execute() == 1;
    }

    /** Archives (now) or unarchives (null) a conversation for one member; false when not a member. */
    boolean setArchived(Handle h, String conversationId, String userId, Long at) {
        return h.createUpdate("UPDATE conversation_members SET archived_at = :at WHERE conversation_id = :c AND user_id = :u")
                .bind("c", conversationId).bind("u", userId).bind("at", at).execute() == 1;
    }

    void setRole(Handle h, String conversationId, String userId, String role) {
        h.createUpdate("UPDATE conversation_members SET role = :r WHERE conversation_id = :c AND user_id = :u")
                .bind("c", conversationId).bind("u", userId).bind("r", role).execute();
    }

    Optional<Membership> membership(Handle h, String conversationId, String userId) {
        return h.createQuery("SELECT * FROM conversation_members WHERE conversation_id = :c AND user_id = :u")
                .bind("c", conversationId).bind("u", userId).map((rs, c) -> membership(rs)).findOne();
    }

    /** Members in joining order (the oldest first: the heir when an owner leaves). */
    List<Membership> members(Handle h, String conversationId) {
        return h.createQuery("SELECT * FROM conversation_members WHERE conversation_id = :c ORDER BY joined_at, user_id")
                .bind("c", conversationId).map((rs, c) -> membership(rs)).list();
    }

    int memberCount(Handle h, String conversationId) {
        return h.createQuery("SELECT COUNT(*) FROM conversation_members WHERE conversation_id = :c").bind("c", conversationId).mapTo(Integer.class).one();
    }

    /** The caller's conversations, most recently active first, with their membership. */
    /** The user's conversations after the cursor (null: from the top), newest activity first. */
    List<Map.Entry<Row, Membership>> listFor(Handle h, String userId, ListCursor after, int limit) {
        return h.createQuery("SELECT " + ROW + ", m.conversation_id, m.user_id, m.role, m.joined_at, m.delivered_seq, m.read_seq, m.archived_at "
                        + "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
                        + "WHERE m.user_id = :u AND (:top OR c.updated_at < :t OR (c.updated_at = :t AND c.id < :id)) "
                        + "ORDER BY c.updated_at DESC, c.id DESC LIMIT :n")
                .bind("u", userId).bind("top", after == null).bind("t", after == null ? 0L : after.updatedAt())
                .bind("id", after == null ? "" : after.id()).bind("n", limit)
                .map((rs, c) -> Map.entry(row(rs), membership(rs))).list();
    }

    Map<String, Integer> memberCounts(Handle h, String userId) {
        Map<String, Integer> out = new HashMap<>();
        h.createQuery("SELECT x.conversation_id, COUNT(*) FROM conversation_members x JOIN conversation_members m "
                        + "ON m.conversation_id = x.conversation_id AND m.user_id = :u GROUP BY x.conversation_id")
                .bind("u", userId).map((rs, c) -> Map.entry(rs.getString(1), rs.getInt(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** For each of the user's direct conversations, the other member's id. */
    Map<String, String> directPeers(Handle h, String userId) {
        Map<String, String> out = new HashMap<>();
        h.createQuery("SELECT o.conversation_id, o.user_id FROM conversation_members o "
                        + "JOIN conversation_members me ON me.conversation_id = o.conversation_id AND me.user_id = :u "
                        + "JOIN conversations c ON c.id = o.conversation_id WHERE c.kind = 'direct' AND o.user_id <> :u")
                .bind("u", userId).map((rs, c) -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    List<String> conversationIds(Handle h, String userId) {
        return h.createQuery("SELECT conversation_id FROM conversation_members WHERE user_id = :u").bind("u", userId).mapTo(String.class).list();
    }

    /** Everyone who shares at least one conversation with the user: the audience of their presence. */
    List<String> contacts(Handle h, String userId) {
        return h.createQuery("SELECT DISTINCT o.user_id FROM conversation_members me JOIN conversation_members o "
                        + "ON o.conversation_id = me.conversation_id WHERE me.user_id = :u AND o.user_id <> :u")
                .bind("u", userId).mapTo(String.class).list();
    }

    /** Moves a member's markers forward only (never back), capped at the conversation's last seq. */
    void advanceMarkers(Handle h, String conversationId, String userId, long delivered, long read) {
        h.createUpdate("""
                        UPDATE conversation_members SET
                          delivered_seq = CASE WHEN delivered_seq < :d THEN :d ELSE delivered_seq END,
                          read_seq = CASE WHEN read_seq < :r THEN :r ELSE read_seq END
                        WHERE conversation_id = :c AND user_id = :u""")
                .bind("c", conversationId).bind("u", userId).bind("d", delivered).bind("r", read).execute();
    }

    // ---- presence: last seen (who is online is the PresenceRegistry's, shared by the nodes) ----

    int presenceDelta(Handle h, String userId, int delta, long now) {
        h.createUpdate("""
                        INSERT INTO presence (user_id, connections, last_seen_at) VALUES (:u, :init, :now)
                        ON CONFLICT (user_id) DO UPDATE SET
                          connections = CASE WHEN presence.connections + :d < 0 THEN 0 ELSE presence.connections + :d END,
                          last_seen_at = :now""")
                .bind("u", userId).bind("d", delta).bind("init", Math.max(0, delta)).bind("now", now).execute();
        return h.createQuery("SELECT connections FROM presence WHERE user_id = :u").bind("u", userId).mapTo(Integer.class).one();
    }

    record PresenceRow(String userId, int connections, long lastSeenAt) {
    }

    List<PresenceRow> presence(Handle h, List<String> userIds) {
        if (userIds.isEmpty()) return List.of();
        return h.createQuery("SELECT user_id, connections, last_seen_at FROM presence WHERE user_id IN (<ids>)")
                .bindList("ids", userIds).map((rs, c) -> new PresenceRow(rs.getString(1), rs.getInt(2), rs.getLong(3))).list();
    }

}
