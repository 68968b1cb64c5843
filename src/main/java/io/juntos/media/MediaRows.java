package io.juntos.media;

import io.juntos.store.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The SQL of the {@code media} table, in one place. */
final class MediaRows {
    private static final String COLUMNS = "id, owner_id, state, purpose, file_name, content_type, declared_size, size, width, height, "
            + "thumb_type, parent_type, parent_id, created_at, expires_at, completed_at, animated";

    private final Jdbi jdbi;
    private final Dialect dialect;

    MediaRows(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    Optional<MediaRow> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    Optional<MediaRow> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM media WHERE id = :id").bind("id", id).map(MediaRows::map).findOne();
    }

    /**
     * Serialises one user's uploads so that the quota and pending checks cannot be raced. SQLite
     * transactions are IMMEDIATE (one writer) already; PostgreSQL needs a row lock.
     */
    void lockOwner(Handle h, String ownerId) {
        if (dialect == Dialect.POSTGRES) {
            h.createQuery("SELECT id FROM users WHERE id = :u FOR UPDATE").bind("u", ownerId).mapTo(String.class).findOne();
        }
    }

    /** Bytes the user holds or has announced: pending uploads count at their declared size. */
    long usage(Handle h, String ownerId) {
        return h.createQuery("SELECT COALESCE(SUM(COALESCE(size, declared_size)), 0) FROM media WHERE owner_id = :u AND state <> 'deleting'")
                .bind("u", ownerId).mapTo(Long.class).one();
    }

    int pendingCount(Handle h, String ownerId) {
        return h.createQuery("SELECT COUNT(*) FROM media WHERE owner_id = :u AND state IN ('pending', 'processing')")
                .bind("u", ownerId).mapTo(Integer.class).one();
    }

    void insert(Handle h, MediaRow r) {
        h.createUpdate("INSERT INTO media (id, owner_id, state, purpose, file_name, content_type, declared_size, created_at, expires_at) "
                        + "VALUES (:id, :owner, 'pending', :purpose, :name, :type, :size, :created, :expires)")
                .bind("id", r.id()).bind("owner", r.ownerId()).bind("purpose", r.purpose().wire()).bind("name", r.fileName())
                .bind("type", r.type().mime()).bind("size", r.declaredSize()).bind("created", r.createdAt()).bind("expires", r.expiresAt())
                .execute();
    }

    /** Moves a row between states only if it is still in {@code from}: the caller who wins the update owns the step. */
    boolean transition(String id, MediaRow.State from, MediaRow.State to) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE media SET state = :to WHERE id = :id AND state = :from")
                .bind("id", id).bind("from", wire(from)).bind("to", wire(to)).execute()) == 1;
    }

    /** False when the row is no longer being processed (deleted meanwhile). */
    boolean markReady(String id, MediaService.Stored s, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE media SET state = 'ready', content_type = :type, size = :size, width = :w, height = :h, "
                        + "thumb_type = :thumb, animated = :animated, completed_at = :now WHERE id = :id AND state = 'processing'")
                .bind("id", id).bind("type", s.type().mime()).bind("size", s.size()).bind("w", s.width()).bind("h", s.height())
                .bind("thumb", s.thumbType() == null ? null : s.thumbType().mime()).bind("animated", s.animated()).bind("now", now).execute()) == 1;
    }

    void markDeleting(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE media SET state = 'deleting' WHERE id = :id").bind("id", id).execute());
    }

    void delete(String id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM media WHERE id = :id").bind("id", id).execute());
    }

    /** Attaches a ready, unattached media object of the owner; false if any of that no longer holds. */
    boolean attach(Handle h, String id, String ownerId, String parentType, String parentId) {
        return h.createUpdate("UPDATE media SET parent_type = :pt, parent_id = :pid WHERE id = :id AND owner_id = :owner "
                        + "AND state = 'ready' AND parent_type IS NULL AND purpose = 'attachment'")
                .bind("id", id).bind("owner", ownerId).bind("pt", parentType).bind("pid", parentId).execute() == 1;
    }

    List<MediaRow> byParents(Handle h, String parentType, Collection<String> parentIds) {
        if (parentIds.isEmpty()) return List.of();
        return h.createQuery("SELECT " + COLUMNS + " FROM media WHERE parent_type = :pt AND parent_id IN (<ids>) AND state = 'ready' ORDER BY id")
                .bind("pt", parentType).bindList("ids", List.copyOf(parentIds)).map(MediaRows::map).list();
    }

    /** Marks a parent's media for deletion and returns their ids; the objects go after commit. */
    List<String> markParentDeleting(Handle h, String parentType, String parentId) {
        List<String> ids = h.createQuery("SELECT id FROM media WHERE parent_type = :pt AND parent_id = :pid")
                .bind("pt", parentType).bind("pid", parentId).mapTo(String.class).list();
        h.createUpdate("UPDATE media SET state = 'deleting' WHERE parent_type = :pt AND parent_id = :pid")
                .bind("pt", parentType).bind("pid", parentId).execute();
        return ids;
    }

    /** Marks every object of an owner for deletion (a deleted account) and returns their ids. */
    List<String> markOwnerDeleting(Handle h, String ownerId) {
        List<String> ids = h.createQuery("SELECT id FROM media WHERE owner_id = :o").bind("o", ownerId).mapTo(String.class).list();
        h.createUpdate("UPDATE media SET state = 'deleting' WHERE owner_id = :o").bind("o", ownerId).execute();
        return ids;
    }

    /** Uploads never completed whose URL expired before {@code before}, and rows left in deleting. */
    List<MediaRow> abandoned(long before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM media WHERE (state = 'pending' AND expires_at < :before) "
                        + "OR (state = 'processing' AND expires_at < :stale) OR state = 'deleting' ORDER BY id LIMIT :limit")
                .bind("before", before).bind("stale", before - 3_600_000L).bind("limit", limit).map(MediaRows::map).list());
    }

    static String wire(MediaRow.State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static MediaRow map(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        String thumb = rs.getString("thumb_type");
        return new MediaRow(rs.getString("id"), rs.getString("owner_id"),
                MediaRow.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)), Purpose.of(rs.getString("purpose")),
                rs.getString("file_name"), MediaType.ofMime(rs.getString("content_type")).orElseThrow(), rs.getLong("declared_size"),
                optLong(rs, "size"), optInt(rs, "width"), optInt(rs, "height"),
                thumb == null ? null : MediaType.ofMime(thumb).orElseThrow(), rs.getString("parent_type"), rs.getString("parent_id"),
                rs.getLong("created_at"), rs.getLong("expires_at"), optLong(rs, "completed_at"), rs.getBoolean("animated"));
    }

    private static Long optLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Integer optInt(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }
}
