package io.juntos.auth;

import io.juntos.activity.ActivityLog;
import io.juntos.http.ApiException;
import io.juntos.http.Checks;
import io.juntos.http.FieldError;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a person does to their own account beyond signing in: change username and e-mail, sign out
 * every other session, delete the account; and what they may see of others (a profile, only of
 * people they share a conversation or room with). Every change that affects how one signs in
 * asks for the password again, through the sign-in throttle so a stolen access token cannot be
 * used to guess it.
 */
public final class AccountService {
    private final Jdbi jdbi;
    private final Users users;
    private final Sessions sessions;
    private final Passwords passwords;
    private final SigninThrottle throttle;
    private final ActivityLog activity;
    private final AuthService auth;
    private final AccountHooks hooks;
    private final Clock clock;

    AccountService(Jdbi jdbi, Users users, Sessions sessions, Passwords passwords, SigninThrottle throttle, ActivityLog activity,
                   AuthService auth, AccountHooks hooks, Clock clock) {
        this.jdbi = jdbi;
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.throttle = throttle;
        this.activity = activity;
        this.auth = auth;
        this.hooks = hooks;
        this.clock = clock;
    }

    /** New username and/or e-mail; absent fields keep their value. */
    public record LoginChange(String password, String username, String email) {
    }

    public record DeleteRequest(String password) {
    }

    /** Another person as a profile page shows them; {@code deleted} for a tombstone. */
    public record Person(String id, String username, String fullName, String avatarUrl, String bio, boolean deleted) {
    }

    public User changeLogin(Principal p, LoginChange r, AuthService.ClientInfo client) {
        Checks c = new Checks();
        c.text("password", r.password(), 1, 128);
        String username = r.username() == null ? null : r.username().strip().toLowerCase(Locale.ROOT);
        if (username != null && c.text("username", username, 3, 32)) {
            c.pattern("username", username, AuthService.USERNAME, "invalid_username", "Use 3 to 32 letters, digits, dots or underscores.");
        }
        String email = r.email() == null ? null : r.email().strip();
        if (email != null) c.email("email", email);
        if (username == null && email == null) c.add("username", "required", "Send a new username or email.");
        c.throwIfAny();
        User me = current(p);
        checkPassword(p, r.password(), client);
        String nextName = username == null ? me.username() : username;
        String nextEmail = email == null ? (me.email() == null ? "" : me.email()) : email;
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            if (username != null && users.usernameTakenByOther(h, username, p.userId())) {
                throw ApiException.conflict("username_taken", "username", "This username is taken.");
            }
            if (email != null && users.emailTakenByOther(h, email, p.userId())) {
                throw ApiException.conflict("email_taken", "email", "An account with this email exists.");
            }
            users.updateLogin(h, p.userId(), nextName, nextEmail, now);
            activity.append(h, p.userId(), "account.login_changed",
                    Map.of("username", username != null, "email", email != null), client.ip());
        });
        if (username != null) users.publicChanged(p.userId()); // people who see this user get user.updated
        return current(p);
    }

    /** Signs out every session of the caller but the current one; returns how many ended. */
    public int signOutOthers(Principal p, AuthService.ClientInfo client) {
        long now = clock.millis();
        List<String> ids = jdbi.inTransaction(h -> {
            List<String> others = sessions.revokeAllExcept(h, p.userId(), p.sessionId(), "signed_out_elsewhere", now);
            activity.append(h, p.userId(), "auth.other_sessions_revoked", Map.of("sessionsRevoked", others.size()), client.ip());
            return others;
        });
        ids.forEach(auth::announceRevoked);
        return ids.size();
    }

    /**
     * Deletes the caller's account: every feature erases what it holds (in the same transaction),
     * the sessions go, and the row becomes a tombstone so that messages read "Deleted account" and
     * direct conversations stay readable for the other person.
     */
    public void delete(Principal p, DeleteRequest r, AuthService.ClientInfo client) {
        Checks c = new Checks();
        c.text("password", r.password(), 1, 128);
        c.throwIfAny();
        current(p);
        if (!users.hasPassword(p.userId())) {
            throw ApiException.invalid("password", "password_required", "Set a password first: deleting the account asks for it.");
        }
        checkPassword(p, r.password(), client);
        long now = clock.millis();
        List<String> ended = jdbi.inTransaction(h -> {
            hooks.eraseAll(h, p.userId());
            activity.erase(h, p.userId());
            List<String> ids = sessions.deleteAll(h, p.userId());
            users.tombstone(h, p.userId(), now);
            return ids;
        });
        ended.forEach(auth::announceRevoked);
        users.publicChanged(p.userId()); // the others now see "Deleted account", without picture
    }

    /** Another person's profile: oneself, or someone sharing a conversation or room; else 404. */
    public Person person(Principal viewer, String userId) {
        if (userId == null || userId.length() > 26) throw ApiException.notFound("Person");
        boolean visible = viewer.userId().equals(userId) || hooks.share(viewer.userId(), userId);
        if (!visible) throw ApiException.notFound("Person");
        User u = users.byId(userId).orElseThrow(() -> ApiException.notFound("Person"));
        boolean deleted = users.isDeleted(userId);
        return new Person(u.id(), deleted ? null : u.username(), u.fullName(), u.avatarUrl(), u.bio(), deleted);
    }

    private User current(Principal p) {
        return users.byId(p.userId()).orElseThrow(() -> ApiException.unauthorized("session_revoked", "This account no longer exists."));
    }

    /** The password again, counted like a sign-in attempt (a stolen access token must not be a guessing oracle). */
    private void checkPassword(Principal p, String password, AuthService.ClientInfo client) {
        var reservation = switch (throttle.reserve(p.userId(), client.ip())) {
            case SigninThrottle.Result.Granted g -> g.reservation();
            case SigninThrottle.Result.Wait w ->
                    throw ApiException.tooMany("signin_throttled", "Too many wrong passwords. Try again later.", w.retryAfter());
        };
        String hash = users.passwordHash(p.userId()).orElse(Users.NO_PASSWORD);
        boolean ok = !hash.isEmpty() && passwords.verify(password, hash);
        if (!ok) {
            throw new ApiException(403, "wrong_password", "The password is wrong.",
                    List.of(new FieldError("password", "wrong_password", "The password is wrong.")), null);
        }
        throttle.succeeded(reservation);
    }
}
