package io.juntos.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The append-only per-user record of significant actions (seed 000). Features append inside
 * their own transaction when they have one, so the entry commits with the action it records.
 */
public final class ActivityLog {
    private final Jdbi jdbi;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ActivityLog(Jdbi jdbi, ObjectMapper mapper, Clock clock) {
        this.jdbi = jdbi;
        this.mapper = mapper;
        this.clock = clock;
    }

    public record Entry(String id, String kind, Map<String, Object> detail, String ip, Instant createdAt) {
    }

    public record Page(List<Entry> items, String nextBefore) {
    }

    public void append(String userId, String kind, Map<String, ?> detail, String ip) {
        jdbi.useHandle(h -> append(h, userId, kind, detail, ip));
    }

    public void append(Handle h, String userId, String kind, Map<String, ?> detail, String ip) {
        h.createUpdate("INSERT INTO activity (id, user_id, kind, detail, ip, created_at) VALUES (:id, :user, :kind, :detail, :ip, :now)")
                .bind("id", Ids.newId()).bind("user", userId).bind("kind", kind)
                .bind("detail", encode(detail)).bind("ip", ip).bind("now", clock.millis()).execute();
    }

    /** Newest first; {@code before} is the id of the last entry of the previous page. */
    /** Forgets a deleted account's log (addresses and devices are personal data), in the deleting transaction. */
    public void erase(Handle h, String userId) {
        h.createUpdate("DELETE FROM activity WHERE user_id = :u").bind("u", userId).execute();
    }

    public Page list(String userId, String before, int limit) {
        // Two statements rather than ":before IS NULL OR …": PostgreSQL cannot type an untyped null parameter.
        String where = before == null ? "user_id = :user" : "user_id = :user AND id < :before";
        List<Entry> rows = jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT id, kind, detail, ip, created_at FROM activity WHERE " + where + " ORDER BY id DESC LIMIT :limit")
                    .bind("user", userId).bind("limit", limit + 1);
            if (before != null) q.bind("before", before);
            return q.map((rs, c) -> new Entry(rs.getString(1), rs.getString(2), decode(rs.getString(3)), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5))))
                    .list();
        });
        boolean more = rows.size() > limit;
        List<Entry> page = more ? rows.subList(0, limit) : rows;
        return new Page(List.copyOf(page), more ? page.getLast().id() : null);
    }

    private String encode(Map<String, ?> detail) {
        if (detail == null || detail.isEmpty()) return null;
        try {
            return mapper.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("activity detail not serialisable", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> decode(String json) {
        if (json == null) return Map.of();
        try {
            return mapper.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
