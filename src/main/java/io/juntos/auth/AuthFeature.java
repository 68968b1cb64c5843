package io.juntos.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.activity.ActivityLog;
import io.juntos.bus.Bus;
import io.juntos.config.CoreConfig;
import io.juntos.config.Env;
import io.juntos.limits.Limiter;
import io.juntos.limits.RateLimit;
import io.juntos.http.ApiException;
import io.juntos.http.Bodies;
import io.juntos.http.ClientAddress;
import io.juntos.http.Checks;
import io.juntos.http.OriginGuard;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accounts, sessions and profile over HTTP: {@code /api/auth/*} and {@code /api/profile}. */
public final class AuthFeature implements Feature {
    static final String COOKIE = "juntos_refresh";
    static final String COOKIE_PATH = "/api/auth";

    private final AuthService service;
    private final Users users;
    private final Authenticator authenticator;
    private final Bodies bodies;
    private final ClientAddress clientAddress;
    private final CoreConfig config;
    private final Clock clock;
    private final Limiter signupLimit;
    private final Limiter authLimit;
    private final OriginGuard origins;

    private AuthFeature(AuthService service, Users users, Authenticator authenticator, Bodies bodies, ClientAddress clientAddress,
                        CoreConfig config, Clock clock, Env env, Limiter.Factory limiters) {
        this.service = service;
        this.users = users;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.clientAddress = clientAddress;
        this.config = config;
        this.clock = clock;
        this.origins = new OriginGuard(config);
        // Sign-up answers username_taken / email_taken (people need to know), which also tells a
        // prober which accounts exist: the per-address limit bounds how fast anyone can ask, and
        // it is a shared Limiter so that a cluster counts across nodes, not per node.
        this.signupLimit = limiters.create(RateLimit.named(env, "signup_per_address", 20, Duration.ofHours(1)));
        this.authLimit = limiters.create(RateLimit.named(env, "auth_per_address", 120, Duration.ofMinutes(1)));
    }

    /** The parts of auth that the rest of the platform needs before features are built. */
    public record Core(Users users, Authenticator authenticator, Sessions sessions, TokenService tokens) {
        public static Core create(Jdbi jdbi, byte[] tokenKey, CoreConfig config, Bus bus, Clock clock) {
            Sessions sessions = new Sessions(jdbi);
            TokenService tokens = new TokenService(tokenKey, config.accessTokenTtl(), clock);
            return new Core(new Users(jdbi), new Authenticator(tokens, sessions, bus, clock), sessions, tokens);
        }
    }

    public AuthFeature(Platform p, Core core) {
        this(service(p, core), core.users(), core.authenticator(), p.bodies(), p.clientAddress(), p.config(), p.clock(), p.env(),
                p.cluster().limiters());
    }

    private static AuthService service(Platform p, Core core) {
        int hashers = Math.max(2, Runtime.getRuntime().availableProcessors());
        var throttle = p.cluster().signinThrottle(
                RateLimit.named(p.env(), "signin_failures_per_account_address", 5, Duration.ofMinutes(15)),
                RateLimit.named(p.env(), "signin_failures_per_address", 30, Duration.ofMinutes(15)),
                RateLimit.named(p.env(), "signin_failures_per_account", 100, Duration.ofMinutes(15)));
        return new AuthService(p.db().jdbi(), core.users(), core.sessions(), new Passwords(hashers), core.tokens(),
                core.authenticator(), throttle, p.activity(), p.bus(), p.clock(), p.config());
    }

    @Override
    public void install(FeatureContext ctx) {
        ctx.routes(this::routes);
        var accounts = new AccountRoutes(service.accounts(ctx.accounts()), authenticator, bodies, this::client);
        ctx.routes(r -> accounts.install(r, this::clearCookie));
        ctx.openApi("openapi/auth.json");
    }

    private void routes(RoutesConfig r) {
        // Unauthenticated endpoints are limited per address: sign-up hard (account farming), the rest loosely.
        r.before("/api/auth/*", ctx -> authLimit.check(clientAddress.of(ctx)));
        r.post("/api/auth/signup", ctx -> {
            signupLimit.check(clientAddress.of(ctx));
            grant(ctx, 201, service.signup(bodies.read(ctx, AuthService.SignupRequest.class), client(ctx)));
        });
        r.post("/api/auth/signin", ctx -> grant(ctx, 200, service.signin(bodies.read(ctx, AuthService.SigninRequest.class), client(ctx))));
        r.post("/api/auth/refresh", this::refresh);
        r.post("/api/auth/signout", ctx -> {
            service.signout(authenticator.require(ctx), client(ctx));
            clearCookie(ctx);
            ctx.status(204);
        });
        r.get("/api/auth/sessions", ctx -> ctx.json(Map.of("sessions", service.sessions(authenticator.require(ctx)))));
        r.delete("/api/auth/sessions/{id}", ctx -> {
            service.revokeSession(authenticator.require(ctx), ctx.pathParam("id"), client(ctx));
            ctx.status(204);
        });
        r.get("/api/profile", ctx -> ctx.json(me(authenticator.require(ctx))));
        r.put("/api/profile", this::updateProfile);
        r.put("/api/profile/password", ctx -> {
            Principal p = authenticator.require(ctx);
            service.changePassword(p, bodies.read(ctx, AuthService.PasswordChange.class), client(ctx));
            ctx.status(204);
        });
        r.get("/api/users/{username}", ctx -> {
            authenticator.require(ctx);
            ctx.json(users.byUsername(ctx.pathParam("username")).map(User::publicView).orElseThrow(() -> ApiException.notFound("User")));
        });
    }

    /** Accounts and sessions, for sign-in methods that live in other packages (identity providers). */
    public AuthService service() {
        return service;
    }

    /** Answers with a grant exactly as sign-in does: JSON body and the refresh cookie. */
    public void respondWithGrant(Context ctx, int status, AuthService.Grant g) {
        grant(ctx, status, g);
    }

    /** Sets the refresh cookie only (for a sign-in that ends in a redirect rather than JSON). */
    public void setRefreshCookie(Context ctx, AuthService.Grant g) {
        setCookie(ctx, g.refreshToken(), config.refreshIdleTtl());
    }

    /** Refresh body for non-browser clients; browsers send the cookie and an empty body. */
    public record RefreshRequest(String refreshToken) {
    }

    private void refresh(Context ctx) {
        String token = null;
        if (bodyToken(ctx)) {
            token = bodies.read(ctx, RefreshRequest.class).refreshToken();
        }
        boolean viaCookie = token == null;
        if (viaCookie) {
            token = ctx.cookie(COOKIE);
            // The cookie is SameSite=Strict already; refusing foreign Origins as well closes the
            // remaining cross-site paths (old browsers, same-site subdomains).
            if (token != null) origins.check(ctx.header("Origin"), "/api/auth/refresh");
        }
        try {
            AuthService.Grant g = service.refresh(token, client(ctx));
            // A browser refreshing through its HttpOnly cookie gets the new token only as a cookie:
            // page script (and any injected script) never sees a refresh token.
            grant(ctx, 200, g, !viaCookie);
        } catch (ApiException e) {
            clearCookie(ctx);
            throw e;
        }
    }

    private static boolean bodyToken(Context ctx) {
        return ctx.contentLength() > 0 || ctx.req().getHeader("Transfer-Encoding") != null;
    }

    public record ProfileUpdate(String fullName, String avatarUrl, String bio) {
    }

    private void updateProfile(Context ctx) {
        Principal p = authenticator.require(ctx);
        ProfileUpdate u = bodies.read(ctx, ProfileUpdate.class);
        User current = me(p);
        Checks c = new Checks();
        c.optionalText("fullName", u.fullName(), 1, 100);
        c.url("avatarUrl", u.avatarUrl());
        c.optionalText("bio", u.bio(), 0, 500);
        c.throwIfAny();
        String name = u.fullName() == null ? current.fullName() : u.fullName().strip();
        String avatar = u.avatarUrl() == null ? current.avatarUrl() : (u.avatarUrl().isEmpty() ? null : u.avatarUrl());
        String bio = u.bio() == null ? current.bio() : (u.bio().isEmpty() ? null : u.bio());
        users.updateProfile(p.userId(), name, avatar, bio, clock.millis());
        ctx.json(me(p));
    }

    private User me(Principal p) {
        return users.byId(p.userId()).orElseThrow(() -> ApiException.unauthorized("session_revoked", "This account no longer exists."));
    }

    private void grant(Context ctx, int status, AuthService.Grant g) {
        grant(ctx, status, g, true);
    }

    private void grant(Context ctx, int status, AuthService.Grant g, boolean tokenInBody) {
        setCookie(ctx, g.refreshToken(), config.refreshIdleTtl());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", g.user());
        body.put("accessToken", g.access().token());
        body.put("expiresIn", g.access().expiresIn());
        if (tokenInBody) body.put("refreshToken", g.refreshToken());
        body.put("sessionId", g.sessionId());
        ctx.status(status).json(body);
    }

    private void setCookie(Context ctx, String value, Duration maxAge) {
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + value + "; Path=" + COOKIE_PATH + "; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (config.secureCookies() ? "; Secure" : ""));
    }

    private void clearCookie(Context ctx) {
        ctx.res().addHeader("Set-Cookie", COOKIE + "=; Path=" + COOKIE_PATH + "; Max-Age=0; HttpOnly; SameSite=Strict"
                + (config.secureCookies() ? "; Secure" : ""));
    }

    private AuthService.ClientInfo client(Context ctx) {
        return new AuthService.ClientInfo(clientAddress.of(ctx), ctx.userAgent());
    }

}
