package io.juntos.auth;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The users table. Other features look users up through this type, never through the table. */
public final class Users {
    /**
     * Accounts created through an identity provider may have no password and no (verified) e-mail.
     * The columns stay NOT NULL (SQLite cannot relax them in place), so "none" is stored as an empty
     * password hash, which no password verifies, and as an empty e-mail whose key is unique per user
     * and can never equal a typed login ("!" is not allowed in usernames or e-mail keys we accept).
     */
    static final String NO_PASSWORD = "";
    private static final String NO_EMAIL_KEY = "!no-email:";

    static final RowMapper<User> MAPPER = (rs, ctx) -> new User(
            rs.getString("id"), rs.getString("username"), emptyToNull(rs.getString("email")), rs.getString("full_name"),
            rs.getString("avatar_url"), rs.getString("bio"), Instant.ofEpochMilli(rs.getLong("created_at")));
    private static final String COLUMNS = "id, username, email, full_name, avatar_url, bio, created_at";

    private final Jdbi jdbi;
    /** Told after a change others can see (name, username, avatar) commits; conversations fan it out as {@code user.updated}. */
    private final List<java.util.function.Consumer<User>> publicChanges = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Users(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static String key(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<User> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Whether the account can sign in with a password (provider-only accounts cannot until they set one). */
    public boolean hasPassword(String userId) {
        return passwordHash(userId).filter(h -> !h.isEmpty()).isPresent();
    }

    /** Whether some account already uses this e-mail (case-insensitive). */
    public boolean emailInUse(String email) {
        return jdbi.withHandle(h -> emailTaken(h, email));
    }

    /** Whether the username is free now (it may still be taken before an insert commits). */
    public boolean usernameFree(String username) {
        return jdbi.withHandle(h -> !usernameTaken(h, username));
    }

    public Optional<User> byUsername(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE username_key = :k")
                .bind("k", key(username)).map(MAPPER).findOne());
    }

    /** The account with this e-mail address (case-insensitive), e.g. to share a list with it. */
    public Optional<User> byEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE email_key = :k")
                .bind("k", key(email)).map(MAPPER).findOne());
    }

    public List<User> byIds(java.util.Collection<String> ids) {
        if (ids.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids)).map(MAPPER).list());
    }

    record Credentials(String userId, String passwordHash) {
    }

    Optional<Credentials> credentialsByLogin(String login) {
        String k = key(login);
        return jdbi.withHandle(h -> h.createQuery("SELECT id, password_hash FROM users WHERE username_key = :k OR email_key = :k")
                .bind("k", k).map((rs, c) -> new Credentials(rs.getString(1), rs.getString(2))).findFirst());
    }

    Optional<String> passwordHash(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", userId).mapTo(String.class).findOne());
    }

    boolean usernameTaken(Handle h, String username) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE username_key = :k").bind("k", key(username)).mapTo(Integer.class).one() > 0;
    }

    boolean emailTaken(Handle h, String email) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE email_key = :k").bind("k", key(email)).mapTo(Integer.class).one() > 0;
    }

    void insert(Handle h, String id, String username, String email, String fullName, String hash, long now) {
        h.createUpdate("""
                        INSERT INTO users (id, username, username_key, email, email_key, full_name, password_hash, created_at, updated_at)
                        VALUES (:id, :username, :ukey, :email, :ekey, :name, :hash, :now, :now)""")
                .bind("id", id).bind("username", username).bind("ukey", key(username))
                .bind("email", email == null ? "" : email.trim()).bind("ekey", email == null ? NO_EMAIL_KEY + id : key(email))
                .bind("name", fullName).bind("hash", hash == null ? NO_PASSWORD : hash).bind("now", now).execute();
    }

    void updateProfile(String id, String fullName, String avatarUrl, String bio, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET full_name = :name, avatar_url = :avatar, bio = :bio, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("name", fullName).bind("avatar", avatarUrl).bind("bio", bio).bind("now", now).execute());
        publicChanged(id);
    }

    /** Registers a listener for committed changes of what others see of a user (name, username, avatar). */
    public void onPublicChange(java.util.function.Consumer<User> listener) {
        publicChanges.add(listener);
    }

    /** Call after committing any change of a user's public view, so the people who see it are told. */
    void publicChanged(String id) {
        if (publicChanges.isEmpty()) return;
        byId(id).ifPresent(u -> publicChanges.forEach(l -> l.accept(u)));
    }

    /** Another account already uses this username or e-mail key (the caller's own row does not count). */
    boolean usernameTakenByOther(Handle h, String username, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE username_key = :k AND id <> :id")
                .bind("k", key(username)).bind("id", userId).mapTo(Integer.class).one() > 0;
    }

    boolean emailTakenByOther(Handle h, String email, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE email_key = :k AND id <> :id")
                .bind("k", key(email)).bind("id", userId).mapTo(Integer.class).one() > 0;
    }

    void updateLogin(Handle h, String id, String username, String email, long now) {
        h.createUpdate("UPDATE users SET username = :u, username_key = :uk, email = :e, email_key = :ek, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("u", username).bind("uk", key(username)).bind("e", email.trim())
                // An account without e-mail (made through a provider) keeps its unique "none" key.
                .bind("ek", email.isBlank() ? NO_EMAIL_KEY + id : key(email))
                .bind("now", now).execute();
    }

    /**
     * Empties an account into a tombstone. The keys become values no login can produce ("~" and "!"
     * are not allowed in usernames or accepted e-mail keys) and stay unique per id; the empty
     * password hash verifies no password.
     */
    void tombstone(Handle h, String id, long now) {
        h.createUpdate("""
                        UPDATE users SET username = 'deleted', username_key = :uk, email = '', email_key = :ek, full_name = :name,
                        avatar_url = NULL, bio = NULL, password_hash = '', updated_at = :now, deleted_at = :now WHERE id = :id""")
                .bind("id", id).bind("uk", "~" + id).bind("ek", "!deleted:" + id).bind("name", DELETED_NAME).bind("now", now).execute();
    }

    /** The name every deleted account shows under. */
    public static final String DELETED_NAME = "Deleted account";

    /** Whether the account was deleted (it still exists as a tombstone). */
    public boolean isDeleted(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE id = :id AND deleted_at IS NOT NULL")
                .bind("id", id).mapTo(Integer.class).one() > 0);
    }

    void updatePassword(Handle h, String id, String hash, long now) {
        h.createUpdate("UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("hash", hash).bind("now", now).execute();
    }
}
