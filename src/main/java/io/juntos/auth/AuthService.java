package io.juntos.auth;

import io.juntos.activity.ActivityLog;
import io.juntos.bus.Bus;
import io.juntos.config.CoreConfig;
import io.juntos.http.ApiException;
import io.juntos.http.Checks;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Accounts and sessions: sign-up, sign-in, refresh-token rotation with re-use detection
 * (RFC 9700 §4.14.2: a rotated token presented again revokes its whole family, no grace window),
 * sign-out, session revocation and password change.
 */
public final class AuthService {
    static final Pattern USERNAME = Pattern.compile("[a-z0-9_.]{3,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final Users users;
    private final Sessions sessions;
    private final Passwords passwords;
    private final TokenService tokens;
    private final Authenticator authenticator;
    private final SigninThrottle throttle;
    private final ActivityLog activity;
    private final Bus bus;
    private final Clock clock;
    private final Duration refreshIdle;
    private final Duration refreshMax;

    AuthService(Jdbi jdbi, Users users, Sessions sessions, Passwords passwords, TokenService tokens, Authenticator authenticator,
                SigninThrottle throttle, ActivityLog activity, Bus bus, Clock clock, CoreConfig config) {
        this.jdbi = jdbi;
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.activity = activity;
        this.bus = bus;
        this.clock = clock;
        this.refreshIdle = config.refreshIdleTtl();
        this.refreshMax = config.refreshMaxTtl();
    }

    /** The account service on the same store, hasher and throttle (a password re-entry counts as a sign-in attempt). */
    AccountService accounts(AccountHooks hooks) {
        return new AccountService(jdbi, users, sessions, passwords, throttle, activity, this, hooks, clock);
    }

    public record SignupRequest(String fullName, String username, String email, String password) {
    }

    public record SigninRequest(String login, String password) {
    }

    public record PasswordChange(String current, String next) {
    }

    /** A signed-in session: the user, a fresh access token and the new refresh token. */
    public record Grant(User user, TokenService.AccessToken access, String refreshToken, String sessionId) {
    }

    public record ClientInfo(String ip, String userAgent) {
    }

    public Grant signup(SignupRequest r, ClientInfo client) {
        Checks c = new Checks();
        c.text("fullName", r.fullName(), 1, 100);
        if (c.text("username", r.username(), 3, 32)) {
            c.pattern("username", r.username().toLowerCase(java.util.Locale.ROOT), USERNAME, "invalid_username",
                    "Use 3 to 32 letters, digits, dots or underscores.");
        }
        c.email("email", r.email());
        checkNewPassword(c, "password", r.password(), r.username(), r.email());
        c.throwIfAny();

        String hash = passwords.hash(r.password());
        String userId = Ids.newId();
        long now = clock.millis();
        String username = r.username().toLowerCase(java.util.Locale.ROOT);
        Grant grant = jdbi.inTransaction(h -> {
            if (users.usernameTaken(h, username)) throw ApiException.conflict("username_taken", "username", "This username is taken.");
            if (users.emailTaken(h, r.email())) throw ApiException.conflict("email_taken", "email", "An account with this email exists.");
            users.insert(h, userId, username, r.email(), r.fullName().strip(), hash, now);
            activity.append(h, userId, "account.created", Map.of("username", username), client.ip());
            return openSession(h, userId, client, now);
        });
        return withUser(grant, userId);
    }

    public Grant signin(SigninRequest r, ClientInfo client) {
        Checks c = new Checks();
        c.text("login", r.login(), 1, 254);
        c.text("password", r.password(), 1, 128);
        c.throwIfAny();
        var creds = users.credentialsByLogin(r.login());
        // Username and email of one account share one count; an unknown login has its own.
        String account = creds.map(Users.Credentials::userId).orElse("login:" + Users.key(r.login()));
        var reservation = switch (throttle.reserve(account, client.ip())) {
            case SigninThrottle.Result.Granted g -> g.reservation();
            case SigninThrottle.Result.Wait w ->
                    throw ApiException.tooMany("signin_throttled", "Too many failed sign-ins. Try again later.", w.retryAfter());
        };
        boolean ok;
        if (creds.isPresent() && !creds.get().passwordHash().isEmpty()) {
            ok = passwords.verify(r.password(), creds.get().passwordHash());
        } else {
            passwords.verifyDecoy(r.password());
            ok = false;
        }
        if (!ok) throw ApiException.unauthorized("invalid_credentials", "The username, email or password is wrong.");
        throttle.succeeded(reservation);
        String userId = creds.get().userId();
        long now = clock.millis();
        Grant grant = jdbi.inTransaction(h -> {
            Grant g = openSession(h, userId, client, now);
            activity.append(h, userId, "auth.signin", Map.of("device", Devices.describe(client.userAgent())), client.ip());
            return g;
        });
        return withUser(grant, userId);
    }

    /** A new account vouched for by an identity provider: no password; e-mail only when the provider verified it. */
    public record VerifiedSignup(String username, String fullName, String email, String via) {
    }

    /**
     * Signs in someone an identity provider vouched for: the same session, refresh token family and
     * activity entry as a password sign-in, with the provider named in the activity detail.
     */
    public Grant signinVerified(String userId, String via, ClientInfo client) {
        long now = clock.millis();
        Grant grant = jdbi.inTransaction(h -> {
            Grant g = openSession(h, userId, client, now);
            activity.append(h, userId, "auth.signin", Map.of("device", Devices.describe(client.userAgent()), "via", via), client.ip());
            return g;
        });
        return withUser(grant, userId);
    }

    /**
     * Creates an account without a password and signs it in; {@code alsoInTransaction} (given the
     * handle and the new user id) commits with it, so the account never exists without its link.
     */
    public Grant signupVerified(VerifiedSignup s, ClientInfo client, java.util.function.BiConsumer<org.jdbi.v3.core.Handle, String> alsoInTransaction) {
        String username = s.username().toLowerCase(java.util.Locale.ROOT);
        Checks c = new Checks();
        if (c.text("username", username, 3, 32)) {
            c.pattern("username", username, USERNAME, "invalid_username", "Use 3 to 32 letters, digits, dots or underscores.");
        }
        c.throwIfAny();
        String userId = Ids.newId();
        long now = clock.millis();
        Grant grant = jdbi.inTransaction(h -> {
            if (users.usernameTaken(h, username)) throw ApiException.conflict("username_taken", "username", "This username is taken.");
            if (s.email() != null && users.emailTaken(h, s.email())) {
                throw ApiException.conflict("email_taken", "email", "An account with this email exists.");
            }
            users.insert(h, userId, username, s.email(), s.fullName(), null, now);
            alsoInTransaction.accept(h, userId);
            activity.append(h, userId, "account.created", Map.of("username", username, "via", s.via()), client.ip());
            return openSession(h, userId, client, now);
        });
        return withUser(grant, userId);
    }

    /** Whether a username has the allowed shape (letters, digits, dots, underscores; 3 to 32). */
    public static boolean validUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    /** The result of presenting a refresh token; re-use and expiry are committed before the 401. */
    private sealed interface Exchange {
        record Rotated(Grant grant, String userId) implements Exchange {
        }

        record Refused(String code, String detail) implements Exchange {
        }
    }

    public Grant refresh(String refreshToken, ClientInfo client) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            throw ApiException.unauthorized("refresh_invalid", "No valid refresh token was sent.");
        }
        String hash = sha256(refreshToken);
        long now = clock.millis();
        List<String> revoked = new java.util.ArrayList<>();
        Exchange result = jdbi.inTransaction(h -> {
            var row = sessions.findToken(h, hash);
            if (row.isEmpty()) return new Exchange.Refused("refresh_invalid", "The refresh token is not valid.");
            var t = row.get();
            if (t.revokedAt() != null) return new Exchange.Refused("session_revoked", "This session has been signed out.");
            if (t.rotatedAt() != null || !sessions.markRotated(h, hash, now)) {
                sessions.revoke(h, t.sessionId(), "refresh_reuse", now);
                activity.append(h, t.userId(), "auth.refresh_reuse_detected", Map.of("sessionId", t.sessionId()), client.ip());
                revoked.add(t.sessionId());
                return new Exchange.Refused("refresh_reused", "This refresh token was already used; the session has been revoked. Sign in again.");
            }
            if (now >= t.expiresAt() || now >= t.lastUsedAt() + refreshIdle.toMillis()) {
                sessions.revoke(h, t.sessionId(), "expired", now);
                revoked.add(t.sessionId());
                return new Exchange.Refused("refresh_expired", "The session has expired. Sign in again.");
            }
            String next = newRefreshToken();
            sessions.addToken(h, sha256(next), t.sessionId(), now);
            sessions.touch(h, t.sessionId(), now);
            Principal p = new Principal(t.userId(), t.sessionId());
            return new Exchange.Rotated(new Grant(null, tokens.issue(p), next, t.sessionId()), t.userId());
        });
        revoked.forEach(this::announceRevoked);
        return switch (result) {
            case Exchange.Rotated r -> withUser(r.grant(), r.userId());
            case Exchange.Refused f -> throw ApiException.unauthorized(f.code(), f.detail());
        };
    }

    public void signout(Principal p, ClientInfo client) {
        jdbi.useTransaction(h -> {
            if (sessions.revoke(h, p.sessionId(), "signout", clock.millis())) {
                activity.append(h, p.userId(), "auth.signout", Map.of(), client.ip());
            }
        });
        announceRevoked(p.sessionId());
    }

    public List<Sessions.SessionView> sessions(Principal p) {
        return sessions.listActive(p.userId(), p.sessionId(), clock.millis());
    }

    public void revokeSession(Principal p, String sessionId, ClientInfo client) {
        boolean mine = sessions.ownerOfActive(sessionId).map(p.userId()::equals).orElse(false);
        if (!mine) throw ApiException.notFound("Session");
        jdbi.useTransaction(h -> {
            sessions.revoke(h, sessionId, "revoked", clock.millis());
            activity.append(h, p.userId(), "auth.session_revoked", Map.of("sessionId", sessionId), client.ip());
        });
        announceRevoked(sessionId);
    }

    public void changePassword(Principal p, PasswordChange r, ClientInfo client) {
        Checks c = new Checks();
        String currentHash = users.passwordHash(p.userId()).orElse(Users.NO_PASSWORD);
        // An account made through an identity provider sets its first password without a current one.
        boolean first = currentHash.isEmpty();
        if (!first) c.text("current", r.current(), 1, 128);
        User me = users.byId(p.userId()).orElseThrow(() -> ApiException.unauthorized("session_revoked", "This account no longer exists."));
        checkNewPassword(c, "next", r.next(), me.username(), me.email());
        c.throwIfAny();
        if (!first && !passwords.verify(r.current(), currentHash)) {
            throw new ApiException(403, "wrong_password", "The current password is wrong.",
                    List.of(new io.juntos.http.FieldError("current", "wrong_password", "The current password is wrong.")), null);
        }
        String hash = passwords.hash(r.next());
        long now = clock.millis();
        List<String> others = jdbi.inTransaction(h -> {
            users.updatePassword(h, p.userId(), hash, now);
            List<String> ids = sessions.revokeAllExcept(h, p.userId(), p.sessionId(), "password_changed", now);
            activity.append(h, p.userId(), first ? "auth.password_set" : "auth.password_changed", Map.of("sessionsRevoked", ids.size()), client.ip());
            return ids;
        });
        others.forEach(this::announceRevoked);
    }

    private void checkNewPassword(Checks c, String field, String password, String username, String email) {
        if (!c.text(field, password, 8, 128)) return;
        if (passwords.isCommon(password)) {
            c.add(field, "password_too_common", "This password is too common; choose another.");
        } else if (username != null && password.equalsIgnoreCase(username) || email != null && password.equalsIgnoreCase(email)) {
            c.add(field, "password_too_common", "The password must differ from your username and email.");
        }
    }

    private Grant openSession(org.jdbi.v3.core.Handle h, String userId, ClientInfo client, long now) {
        String sessionId = Ids.newId();
        sessions.create(h, sessionId, userId, Devices.describe(client.userAgent()), client.ip(), now, now + refreshMax.toMillis());
        String refresh = newRefreshToken();
        sessions.addToken(h, sha256(refresh), sessionId, now);
        return new Grant(null, tokens.issue(new Principal(userId, sessionId)), refresh, sessionId);
    }

    private Grant withUser(Grant g, String userId) {
        User u = users.byId(userId).orElseThrow(() -> ApiException.unauthorized("session_revoked", "This account no longer exists."));
        return new Grant(u, g.access(), g.refreshToken(), g.sessionId());
    }

    void announceRevoked(String sessionId) {
        authenticator.forget(sessionId);
        bus.publish(Authenticator.SESSION_REVOKED_TOPIC, sessionId.getBytes(StandardCharsets.UTF_8));
    }

    static String newRefreshToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
