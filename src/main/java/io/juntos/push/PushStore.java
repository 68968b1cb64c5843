package io.juntos.push;

import io.juntos.store.Ids;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The push tables (V60__push.sql): subscriptions, settings, mutes. Same SQL on SQLite and PostgreSQL. */
final class PushStore {
    record Subscription(String id, String userId, String endpoint, String p256dh, String auth, String label, long createdAt, Long lastSuccessAt) {
        /** What the owner sees: never the keys, and the endpoint only as its host. */
        View view() {
            return new View(id, label, java.net.URI.create(endpoint).getHost(), Instant.ofEpochMilli(createdAt),
                    lastSuccessAt == null ? null : Instant.ofEpochMilli(lastSuccessAt));
        }
    }

    record View(String id, String label, String service, Instant createdAt, Instant lastSuccessAt) {
    }

    private static final String COLUMNS = "id, user_id, endpoint, p256dh, auth, label, created_at, last_success_at";
    private final Jdbi jdbi;

    PushStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private static Subscription map(java.sql.ResultSet rs) throws java.sql.SQLException {
        long last = rs.getLong("last_success_at");
        Long lastSuccess = rs.wasNull() ? null : last; // wasNull speaks of the column read just before
        return new Subscription(rs.getString("id"), rs.getString("user_id"), rs.getString("endpoint"), rs.getString("p256dh"),
                rs.getString("auth"), rs.getString("label"), rs.getLong("created_at"), lastSuccess);
    }

    record Saved(Subscription subscription, boolean created) {
    }

    /**
     * One subscription per device: the endpoint identifies it. Subscribing again (new keys, or the
     * device now used by someone else after a sign-out) replaces the row, so a device never
     * notifies its previous user.
     */
    Saved save(String userId, String endpoint, String p256dh, String auth, String label, long now, int maxPerUser) {
        return jdbi.inTransaction(h -> {
            var existing = h.createQuery("SELECT " + COLUMNS + " FROM push_subscriptions WHERE endpoint = :e").bind("e", endpoint)
                    .map((rs, x) -> map(rs)).findOne();
            if (existing.isPresent()) {
                h.createUpdate("UPDATE push_subscriptions SET user_id = :u, p256dh = :k, auth = :a, label = :l, failures = 0 WHERE id = :id")
                        .bind("u", userId).bind("k", p256dh).bind("a", auth).bind("l", label).bind("id", existing.get().id()).execute();
                return new Saved(byId(h, existing.get().id()).orElseThrow(), false);
            }
            int count = h.createQuery("SELECT COUNT(*) FROM push_subscriptions WHERE user_id = :u").bind("u", userId).mapTo(Integer.class).one();
            if (count >= maxPerUser) throw PushException.tooManyDevices(maxPerUser);
            String id = Ids.newId();
            h.createUpdate("INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, label, created_at) VALUES (:id, :u, :e, :k, :a, :l, :now)")
                    .bind("id", id).bind("u", userId).bind("e", endpoint).bind("k", p256dh).bind("a", auth).bind("l", label).bind("now", now).execute();
            return new Saved(byId(h, id).orElseThrow(), true);
        });
    }

    private static Optional<Subscription> byId(org.jdbi.v3.core.Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM push_subscriptions WHERE id = :id").bind("id", id).map((rs, x) -> map(rs)).findOne();
    }

    List<Subscription> forUser(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM push_subscriptions WHERE user_id = :u ORDER BY created_at")
                .bind("u", userId).map((rs, x) -> map(rs)).list());
    }

    boolean delete(String userId, String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM push_subscriptions WHERE id = :id AND user_id = :u")
                .bind("id", id).bind("u", userId).execute() > 0);
    }

    /** The push service said the subscription is gone (404/410). Only that row, even if re-subscribed since under the same id. */
    void deleteDead(String id, String endpoint) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM push_subscriptions WHERE id = :id AND endpoint = :e").bind("id", id).bind("e", endpoint).execute());
    }

    void delivered(String id, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE push_subscriptions SET last_success_at = :now, failures = 0 WHERE id = :id")
                .bind("now", now).bind("id", id).execute());
    }

    void failed(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE push_subscriptions SET failures = failures + 1 WHERE id = :id").bind("id", id).execute());
    }

    boolean hideText(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT hide_text FROM push_settings WHERE user_id = :u").bind("u", userId)
                .mapTo(Integer.class).findOne().orElse(0) == 1);
    }

    void setHideText(String userId, boolean hide) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE push_settings SET hide_text = :v WHERE user_id = :u").bind("v", hide ? 1 : 0).bind("u", userId).execute();
            if (n == 0) h.createUpdate("INSERT INTO push_settings (user_id, hide_text) VALUES (:u, :v)").bind("u", userId).bind("v", hide ? 1 : 0).execute();
        });
    }

    boolean muted(String userId, String scope) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM push_mutes WHERE user_id = :u AND scope = :s")
                .bind("u", userId).bind("s", scope).mapTo(Integer.class).one() > 0);
    }

    List<String> mutes(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT scope FROM push_mutes WHERE user_id = :u ORDER BY scope").bind("u", userId)
                .mapTo(String.class).list());
    }

    void mute(String userId, String scope, boolean on, long now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM push_mutes WHERE user_id = :u AND scope = :s").bind("u", userId).bind("s", scope).execute();
            if (on) h.createUpdate("INSERT INTO push_mutes (user_id, scope, created_at) VALUES (:u, :s, :now)")
                    .bind("u", userId).bind("s", scope).bind("now", now).execute();
        });
    }

    /** A deleted account's subscriptions, settings and mutes (called in the deleting transaction). */
    static void eraseUser(org.jdbi.v3.core.Handle h, String userId) {
        for (String table : java.util.List.of("push_subscriptions", "push_settings", "push_mutes")) {
            h.createUpdate("DELETE FROM " + table + " WHERE user_id = :u").bind("u", userId).execute();
        }
    }
}
