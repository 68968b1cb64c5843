package io.juntos.lists;

import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for lists, members, the update log and invite links. Every method runs on the caller's handle (its transaction). */
final class ListStore {

    record Row(String id, String name, String ownerId, long createdAt, long updatedAt, Long deletedAt, long lastSeq,
               int itemCount, int doneCount, String nextDue, String dueDates) {
    }

    record Member(String listId, String userId, String role, long addedAt) {
    }

    /** A list as one member sees it. */
    record Mine(Row list, String role) {
    }

    record Logged(long seq, byte[] update, String userId, int replica) {
    }

    record Invite(String id, String listId, String token, String role, String createdBy, long createdAt, Long expiresAt, Long revokedAt) {
    }

    /** What the stats columns hold; see {@link ListProjection#summary}. */
    record Summary(int itemCount, int doneCount, String nextDue, String dueDates) {
    }

    private static final String ROW = "l.id, l.name, l.owner_id, l.created_at, l.updated_at, l.deleted_at, l.last_seq, l.item_count, l.done_count, l.next_due, l.due_dates";

    private static Row row(ResultSet rs) throws SQLException {
        long d = rs.getLong("deleted_at");
        Long deleted = rs.wasNull() ? null : d;
        return new Row(rs.getString("id"), rs.getString("name"), rs.getString("owner_id"), rs.getLong("created_at"), rs.getLong("updated_at"),
                deleted, rs.getLong("last_seq"), rs.getInt("item_count"), rs.getInt("done_count"), rs.getString("next_due"), rs.getString("due_dates"));
    }

    void insert(Handle h, String id, String name, String ownerId, long now) {
        h.createUpdate("INSERT INTO lists (id, name, owner_id, created_at, updated_at) VALUES (:id, :name, :o, :now, :now)")
                .bind("id", id).bind("name", name).bind("o", ownerId).bind("now", now).execute();
        addMember(h, id, ownerId, "owner", now);
    }

    Optional<Row> byId(Handle h, String id) {
        return h.createQuery("SELECT " + ROW + " FROM lists l WHERE l.id = :id").bind("id", id).map((rs, c) -> row(rs)).findOne();
    }

    /** The user's lists (live or in the trash), newest change first. */
    List<Mine> mine(Handle h, String userId, boolean trashed) {
        return h.createQuery("SELECT " + ROW + ", m.role FROM lists l JOIN list_members m ON m.list_id = l.id WHERE m.user_id = :u AND l.deleted_at IS "
                        + (trashed ? "NOT NULL" : "NULL") + " ORDER BY l.updated_at DESC, l.id DESC")
                .bind("u", userId).map((rs, c) -> new Mine(row(rs), rs.getString("role"))).list();
    }

    void rename(Handle h, String id, String name, long now) {
        h.createUpdate("UPDATE lists SET name = :n, updated_at = :now WHERE id = :id").bind("n", name).bind("now", now).bind("id", id).execute();
    }

    void setDeleted(Handle h, String id, Long at) {
        h.createUpdate("UPDATE lists SET deleted_at = :at WHERE id = :id").bind("at", at).bind("id", id).execute();
    }

    List<String> trashedBefore(Handle h, long cutoff, int limit) {
        return h.createQuery("SELECT id FROM lists WHERE deleted_at IS NOT NULL AND deleted_at <= :c ORDER BY deleted_at LIMIT :n")
                .bind("c", cutoff).bind("n", limit).mapTo(String.class).list();
    }

    void delete(Handle h, String id) {
        // Children first: SQLite enforces ON DELETE CASCADE only with foreign keys on, PostgreSQL always.
        for (String t : List.of("list_updates", "list_invites", "list_members")) {
            h.createUpdate("DELETE FROM " + t + " WHERE list_id = :id").bind("id", id).execute();
        }
        h.createUpdate("DELETE FROM lists WHERE id = :id").bind("id", id).execute();
    }

    /** A fresh replica id for this list (never handed out twice). */
    int nextReplica(Handle h, String id) {
        h.createUpdate("UPDATE lists SET next_replica = next_replica + 1 WHERE id = :id").bind("id", id).execute();
        return h.createQuery("SELECT next_replica - 1 FROM lists WHERE id = :id").bind("id", id).mapTo(Integer.class).one();
    }

    // ---- the document ----

    record Stored(byte[] snapshot, long snapshotSeq, long lastSeq) {
    }

    Optional<Stored> document(Handle h, String id) {
        return h.createQuery("SELECT snapshot, snapshot_seq, last_seq FROM lists WHERE id = :id").bind("id", id)
                .map((rs, c) -> new Stored(rs.getBytes(1), rs.getLong(2), rs.getLong(3))).findOne();
    }

    List<Logged> log(Handle h, String id, long afterSeq, int limit) {
        return h.createQuery("SELECT seq, update_bytes, user_id, replica FROM list_updates WHERE list_id = :id AND seq > :s ORDER BY seq LIMIT :n")
                .bind("id", id).bind("s", afterSeq).bind("n", limit)
                .map((rs, c) -> new Logged(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getInt(4))).list();
    }

    /** Appends an accepted update with the next seq of the list; returns it. The caller holds the list's one writer. */
    long append(Handle h, String id, byte[] update, String userId, int replica, long now, Summary summary) {
        String stats = summary == null ? "" : ", item_count = :ic, done_count = :dc, next_due = :nd, due_dates = :dd";
        var u = h.createUpdate("UPDATE lists SET last_seq = last_seq + 1, updated_at = :now" + stats + " WHERE id = :id")
                .bind("now", now).bind("id", id);
        if (summary != null) u.bind("ic", summary.itemCount()).bind("dc", summary.doneCount()).bind("nd", summary.nextDue()).bind("dd", summary.dueDates());
        u.execute();
        long seq = h.createQuery("SELECT last_seq FROM lists WHERE id = :id").bind("id", id).mapTo(Long.class).one();
        h.createUpdate("INSERT INTO list_updates (list_id, seq, update_bytes, user_id, replica, created_at) VALUES (:id, :s, :b, :u, :r, :now)")
                .bind("id", id).bind("s", seq).bind("b", update).bind("u", userId).bind("r", replica).bind("now", now).execute();
        return seq;
    }

    /** Stores a snapshot as of {@code seq} and drops log rows older than {@code keepAfter} (resume still reads the rest). */
    void compact(Handle h, String id, byte[] snapshot, long seq, long keepAfter) {
        h.createUpdate("UPDATE lists SET snapshot = :b, snapshot_seq = :s WHERE id = :id AND snapshot_seq < :s")
                .bind("b", snapshot).bind("s", seq).bind("id", id).execute();
        h.createUpdate("DELETE FROM list_updates WHERE list_id = :id AND seq <= :k").bind("id", id).bind("k", keepAfter).execute();
    }

    // ---- members ----

    Optional<Member> member(Handle h, String listId, String userId) {
        return h.createQuery("SELECT list_id, user_id, role, added_at FROM list_members WHERE list_id = :l AND user_id = :u")
                .bind("l", listId).bind("u", userId).map((rs, c) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).findOne();
    }

    List<Member> members(Handle h, String listId) {
        return h.createQuery("SELECT list_id, user_id, role, added_at FROM list_members WHERE list_id = :l ORDER BY added_at, user_id")
                .bind("l", listId).map((rs, c) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
    }

    void addMember(Handle h, String listId, String userId, String role, long now) {
        h.createUpdate("INSERT INTO list_members (list_id, user_id, role, added_at) VALUES (:l, :u, :r, :now)")
                .bind("l", listId).bind("u", userId).bind("r", role).bind("now", now).execute();
    }

    void setRole(Handle h, String listId, String userId, String role) {
        h.createUpdate("UPDATE list_members SET role = :r WHERE list_id = :l AND user_id = :u").bind("r", role).bind("l", listId).bind("u", userId).execute();
    }

    void setOwner(Handle h, String listId, String userId) {
        h.createUpdate("UPDATE lists SET owner_id = :u WHERE id = :l").bind("u", userId).bind("l", listId).execute();
    }

    boolean removeMember(Handle h, String listId, String userId) {
        return h.createUpdate("DELETE FROM list_members WHERE list_id = :l AND user_id = :u").bind("l", listId).bind("u", userId).execute() == 1;
    }

    List<String> listIdsOf(Handle h, String userId) {
        return h.createQuery("SELECT m.list_id FROM list_members m JOIN lists l ON l.id = m.list_id WHERE m.user_id = :u AND l.deleted_at IS NULL")
                .bind("u", userId).mapTo(String.class).list();
    }

    // ---- invite links ----

    private static Invite invite(ResultSet rs) throws SQLException {
        long e = rs.getLong("expires_at");
        Long expires = rs.wasNull() ? null : e;
        long r = rs.getLong("revoked_at");
        Long revoked = rs.wasNull() ? null : r;
        return new Invite(rs.getString("id"), rs.getString("list_id"), rs.getString("token"), rs.getString("role"), rs.getString("created_by"),
                rs.getLong("created_at"), expires, revoked);
    }

    void insertInvite(Handle h, Invite i) {
        h.createUpdate("INSERT INTO list_invites (id, list_id, token, role, created_by, created_at, expires_at) VALUES (:id, :l, :t, :r, :by, :now, :exp)")
                .bind("id", i.id()).bind("l", i.listId()).bind("t", i.token()).bind("r", i.role()).bind("by", i.createdBy())
                .bind("now", i.createdAt()).bind("exp", i.expiresAt()).execute();
    }

    Optional<Invite> inviteByToken(Handle h, String token) {
        return h.createQuery("SELECT * FROM list_invites WHERE token = :t").bind("t", token).map((rs, c) -> invite(rs)).findOne();
    }

    List<Invite> invites(Handle h, String listId) {
        return h.createQuery("SELECT * FROM list_invites WHERE list_id = :l AND revoked_at IS NULL ORDER BY created_at, id")
                .bind("l", listId).map((rs, c) -> invite(rs)).list();
    }

    boolean revokeInvite(Handle h, String listId, String inviteId, long now) {
        return h.createUpdate("UPDATE list_invites SET revoked_at = :now WHERE id = :id AND list_id = :l AND revoked_at IS NULL")
                .bind("now", now).bind("id", inviteId).bind("l", listId).execute() == 1;
    }

    /** Every member's role, if the list exists and is not in the trash (empty otherwise). */
    java.util.Map<String, String> liveRoles(Handle h, String listId) {
        var out = new java.util.HashMap<String, String>();
        h.createQuery("SELECT m.user_id, m.role FROM list_members m JOIN lists l ON l.id = m.list_id WHERE l.id = :l AND l.deleted_at IS NULL")
                .bind("l", listId).map((rs, c) -> out.put(rs.getString(1), rs.getString(2))).list();
        return out;
    }
}
