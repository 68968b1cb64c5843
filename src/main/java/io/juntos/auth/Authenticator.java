package io.juntos.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import io.juntos.bus.Bus;
import io.juntos.http.ApiException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns an access token into a {@link Principal}, for HTTP routes and the gateway alike. A token
 * is accepted only while its session is alive: liveness is cached briefly and the cache entry is
 * dropped as soon as a revocation notice arrives on the bus (from any node).
 */
public final class Authenticator {
    /** Bus topic carrying the id of each revoked session; the gateway closes that session's sockets. */
    public static final String SESSION_REVOKED_TOPIC = "auth.session-revoked";
    private static final String ATTR = "juntos.principal";

    private final TokenService tokens;
    private final Sessions sessions;
    private final Clock clock;
    private final Cache<String, Boolean> alive = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(15)).maximumSize(100_000).build();

    Authenticator(TokenService tokens, Sessions sessions, Bus bus, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
        bus.subscribe(SESSION_REVOKED_TOPIC, (topic, payload) -> alive.invalidate(new String(payload, StandardCharsets.UTF_8)));
    }

    /** The caller of an HTTP request, or a 401 problem. */
    public Principal require(Context ctx) {
        Principal cached = ctx.attribute(ATTR);
        if (cached != null) return cached;
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) throw ApiException.unauthorized("auth_required", "Sign in first: send an Authorization: Bearer token.");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("token_invalid", "Use the Bearer scheme.");
        Principal p = verify(header.substring(7).trim());
        ctx.attribute(ATTR, p);
        return p;
    }

    /** Verifies a raw access token (the gateway's hello frame or subprotocol). */
    public Principal verify(String token) {
        Principal p = tokens.verify(token);
        boolean live = alive.get(p.sessionId(), sid -> sessions.isActive(sid, clock.millis()));
        if (!live) throw ApiException.unauthorized("session_revoked", "This session has been signed out.");
        return p;
    }

    /**
     * Whether the session is alive now, read from the store past the cache: the gateway asks once
     * a socket is registered (closing the race with a sign-out that happened meanwhile) and
     * periodically while sockets stay open.
     */
    public boolean isLive(String sessionId) {
        boolean live = sessions.isActive(sessionId, clock.millis());
        if (!live) alive.invalidate(sessionId);
        return live;
    }

    void forget(String sessionId) {
        alive.invalidate(sessionId);
    }
}
