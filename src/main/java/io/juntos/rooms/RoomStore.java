package io.juntos.rooms;

import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for rooms, members, queue and chat positions. Every method runs on the caller's handle (its transaction). */
final class RoomStore {

    record Row(String id, String name, String message, String controlPolicy, String waitPolicy, int maxMembers, boolean autoAdvance,
               String joinToken, Long joinExpiresAt, String conversationId, String playback, String createdBy, long createdAt,
               long activeAt, long lastSeq) {
    }

    record Member(String roomId, String userId, String role, long joinedAt) {
    }

    record QueueRow(String id, String roomId, int ord, String kind, String source, String title, Double duration, String addedBy, long addedAt) {
    }

    private static final String ROW = "r.id, r.name, r.message, r.control_policy, r.wait_policy, r.max_members, r.auto_advance, r.join_token, "
            + "r.join_expires_at, r.conversation_id, r.playback, r.created_by, r.created_at, r.active_at, r.last_seq";

    private static Row row(ResultSet rs) throws SQLException {
        long exp = rs.getLong("join_expires_at");
        Long expires = rs.wasNull() ? null : exp;
        return new Row(rs.getString("id"), rs.getString("name"), rs.getString("message"), rs.getString("control_policy"),
                rs.getString("wait_policy"), rs.getInt("max_members"), rs.getInt("auto_advance") != 0, rs.getString("join_token"), expires,
                rs.getString("conversation_id"), rs.getString("playback"), rs.getString("created_by"), rs.getLong("created_at"),
                rs.getLong("active_at"), rs.getLong("last_seq"));
    }

    private static QueueRow queueRow(ResultSet rs) throws SQLException {
        double d = rs.getDouble("duration");
        Double duration = rs.wasNull() ? null : d;
        return new QueueRow(rs.getString("id"), rs.getString("room_id"), rs.getInt("ord"), rs.getString("kind"), rs.getString("source"),
                rs.getString("title"), duration, rs.getString("added_by"), rs.getLong("added_at"));
    }

    void insert(Handle h, Row r) {
        h.createUpdate("INSERT INTO rooms (id, name, message, control_policy, wait_policy, max_members, auto_advance, join_token, join_expires_at, "
                        + "conversation_id, playback, created_by, created_at, active_at, last_seq) VALUES (:id, :name, :message, :cp, :wp, :max, :auto, "
                        + ":token, :exp, :conv, :playback, :by, :now, :now, 0)")
                .bind("id", r.id()).bind("name", r.name()).bind("message", r.message()).bind("cp", r.controlPolicy()).bind("wp", r.waitPolicy())
                .bind("max", r.maxMembers()).bind("auto", r.autoAdvance() ? 1 : 0).bind("token", r.joinToken()).bind("exp", r.joinExpiresAt())
                .bind("conv", r.conversationId()).bind("playback", r.playback()).bind("by", r.createdBy()).bind("now", r.createdAt()).execute();
    }

    Optional<Row> byId(Handle h, String id) {
        return h.createQuery("SELECT " + ROW + " FROM rooms r WHERE r.id = :id").bind("id", id).map((rs, c) -> row(rs)).findOne();
    }

    Optional<Row> byToken(Handle h, String token) {
        return h.createQuery("SELECT " + ROW + " FROM rooms r WHERE r.join_token = :t").bind("t", token).map((rs, c) -> row(rs)).findOne();
    }

    /** The user's rooms, newest activity first. */
    List<Row> ofUser(Handle h, String userId) {
        return h.createQuery("SELECT " + ROW + " FROM rooms r JOIN room_members m ON m.room_id = r.id WHERE m.user_id = :u "
                + "ORDER BY r.active_at DESC, r.id DESC").bind("u", userId).map((rs, c) -> row(rs)).list();
    }

    List<String> roomIdsOf(Handle h, String userId) {
        return h.createQuery("SELECT room_id FROM room_members WHERE user_id = :u").bind("u", userId).mapTo(String.class).list();
    }

    void update(Handle h, String id, String name, String message, String cp, String wp, int max, boolean auto, long now) {
        h.createUpdate("UPDATE rooms SET name = :name, message = :message, control_policy = :cp, wait_policy = :wp, max_members = :max, "
                        + "auto_advance = :auto, active_at = :now WHERE id = :id")
                .bind("id", id).bind("name", name).bind("message", message).bind("cp", cp).bind("wp", wp).bind("max", max)
                .bind("auto", auto ? 1 : 0).bind("now", now).execute();
    }

    void setToken(Handle h, String id, String token, Long expiresAt) {
        h.createUpdate("UPDATE rooms SET join_token = :t, join_expires_at = :exp WHERE id = :id").bind("id", id).bind("t", token)
                .bind("exp", expiresAt).execute();
    }

    void setPlayback(Handle h, String id, String json, long now) {
        h.createUpdate("UPDATE rooms SET playback = :p, active_at = :now WHERE id = :id").bind("id", id).bind("p", json).bind("now", now).execute();
    }

    void touch(Handle h, String id, long now) {
        h.createUpdate("UPDATE rooms SET active_at = :now WHERE id = :id").bind("id", id).bind("now", now).execute();
    }

    void delete(Handle h, String id) {
        h.createUpdate("DELETE FROM rooms WHERE id = :id").bind("id", id).execute();
    }

    /**
     * Takes the room's row lock for the rest of the transaction (PostgreSQL; SQLite's IMMEDIATE
     * transaction already holds the write lock) and assigns the next event seq. Empty: no such room.
     */
    Optional<Long> nextSeq(Handle h, String id) {
        if (h.createUpdate("UPDATE rooms SET last_seq = last_seq + 1 WHERE id = :id").bind("id", id).execute() != 1) return Optional.empty();
        return Optional.of(h.createQuery("SELECT last_seq FROM rooms WHERE id = :id").bind("id", id).mapTo(Long.class).one());
    }

    // ---- members ----

    Optional<Member> member(Handle h, String roomId, String userId) {
        return h.createQuery("SELECT room_id, user_id, role, joined_at FROM room_members WHERE room_id = :r AND user_id = :u")
                .bind("r", roomId).bind("u", userId)
                .map((rs, c) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).findOne();
    }

    List<Member> members(Handle h, String roomId) {
        return h.createQuery("SELECT room_id, user_id, role, joined_at FROM room_members WHERE room_id = :r ORDER BY joined_at, user_id")
                .bind("r", roomId).map((rs, c) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
    }

    int memberCount(Handle h, String roomId) {
        return h.createQuery("SELECT COUNT(*) FROM room_members WHERE room_id = :r").bind("r", roomId).mapTo(Integer.class).one();
    }

    void addMember(Handle h, String roomId, String userId, String role, long now) {
        h.createUpdate("INSERT INTO room_members (room_id, user_id, role, joined_at) VALUES (:r, :u, :role, :now)")
                .bind("r", roomId).bind("u", userId).bind("role", role).bind("now", now).execute();
    }

    boolean removeMember(Handle h, String roomId, String userId) {
        return h.createUpdate("DELETE FROM room_members WHERE room_id = :r AND user_id = :u").bind("r", roomId).bind("u", userId).execute() == 1;
    }

    void setRole(Handle h, String roomId, String userId, String role) {
        h.createUpdate("UPDATE room_members SET role = :role WHERE room_id = :r AND user_id = :u")
                .bind("r", roomId).bind("u", userId).bind("role", role).execute();
    }

    // ---- queue ----

    List<QueueRow> queue(Handle h, String roomId) {
        return h.createQuery("SELECT id, room_id, ord, kind, source, title, duration, added_by, added_at FROM room_queue WHERE room_id = :r ORDER BY ord")
                .bind("r", roomId).map((rs, c) -> queueRow(rs)).list();
    }

    void addItem(Handle h, QueueRow q) {
        h.createUpdate("INSERT INTO room_queue (id, room_id, ord, kind, source, title, duration, added_by, added_at) "
                        + "VALUES (:id, :room, :ord, :kind, :source, :title, :duration, :by, :at)")
                .bind("id", q.id()).bind("room", q.roomId()).bind("ord", q.ord()).bind("kind", q.kind()).bind("source", q.source())
                .bind("title", q.title()).bind("duration", q.duration()).bind("by", q.addedBy()).bind("at", q.addedAt()).execute();
    }

    boolean removeItem(Handle h, String roomId, String itemId) {
        return h.createUpdate("DELETE FROM room_queue WHERE room_id = :r AND id = :id").bind("r", roomId).bind("id", itemId).execute() == 1;
    }

    void setOrder(Handle h, String itemId, int ord) {
        h.createUpdate("UPDATE room_queue SET ord = :ord WHERE id = :id").bind("id", itemId).bind("ord", ord).execute();
    }

    void setDuration(Handle h, String itemId, double duration) {
        h.createUpdate("UPDATE room_queue SET duration = :d WHERE id = :id AND duration IS NULL").bind("id", itemId).bind("d", duration).execute();
    }

    /** The room an item belongs to, if the user is a member of it (media access for uploaded videos). */
    boolean itemReadableBy(Handle h, String itemId, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM room_queue q JOIN room_members m ON m.room_id = q.room_id WHERE q.id = :id AND m.user_id = :u")
                .bind("id", itemId).bind("u", userId).mapTo(Integer.class).one() > 0;
    }

    // ---- chat positions ----

    record Anchor(String messageId, String itemId, double position) {
    }

    void addAnchor(Handle h, String roomId, Anchor a, long now) {
        h.createUpdate("INSERT INTO room_chat_positions (message_id, room_id, item_id, position, created_at) VALUES (:m, :r, :i, :p, :now)")
                .bind("m", a.messageId()).bind("r", roomId).bind("i", a.itemId()).bind("p", a.position()).bind("now", now).execute();
    }

    boolean hasAnchor(Handle h, String messageId) {
        return h.createQuery("SELECT COUNT(*) FROM room_chat_positions WHERE message_id = :m").bind("m", messageId).mapTo(Integer.class).one() > 0;
    }

    List<Anchor> anchors(Handle h, String roomId, int limit) {
        return h.createQuery("SELECT message_id, item_id, position FROM room_chat_positions WHERE room_id = :r ORDER BY created_at DESC LIMIT :n")
                .bind("r", roomId).bind("n", limit).map((rs, c) -> new Anchor(rs.getString(1), rs.getString(2), rs.getDouble(3))).list();
    }

    /** Whether two people are members of one room (they may see each other's profile). */
    boolean shareRoom(Handle h, String userId, String otherId) {
        return h.createQuery("SELECT COUNT(*) FROM room_members a JOIN room_members b ON b.room_id = a.room_id WHERE a.user_id = :a AND b.user_id = :b")
                .bind("a", userId).bind("b", otherId).mapTo(Integer.class).one() > 0;
    }

    /** A deleted account leaves every room (its queue entries and chat stay, shown as "Deleted account"). */
    void eraseMember(Handle h, String userId) {
        h.createUpdate("DELETE FROM room_members WHERE user_id = :u").bind("u", userId).execute();
    }
}
