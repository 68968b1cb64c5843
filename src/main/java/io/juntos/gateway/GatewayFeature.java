package io.juntos.gateway;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsMessageContext;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.auth.Authenticator;
import io.juntos.auth.Principal;
import io.juntos.bus.Bus;
import io.juntos.http.ApiException;
import io.juntos.http.Bodies;
import io.juntos.http.OriginGuard;
import io.juntos.http.Problems;
import io.juntos.store.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one WebSocket endpoint, {@code /ws} (docs/protocol.md). The upgrade is guarded in one place
 * (Origin allow-list, subprotocol, token); each socket then gets a {@link Connection} and its frames
 * are handled one at a time, in order, on the socket's (virtual) thread, so a client's requests
 * are answered in the order sent; only handlers registered as slow run off that thread, in order
 * per key. A {@link Ticker} runs heartbeats and deadlines.
 */
public final class GatewayFeature implements Feature {
    private static final Logger log = LoggerFactory.getLogger(GatewayFeature.class);
    static final String SUBPROTOCOL = "juntos.v1";
    private static final String AUTH_ATTR = "juntos.ws.auth";

    private final Gateway gateway;
    private final GatewayConfig cfg;
    private final Authenticator authenticator;
    private final OriginGuard origins;
    private final Bodies bodies;
    private final Frames frames;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final Clock clock;
    private final Map<String, Connection> bySocket = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> bySession = new ConcurrentHashMap<>();
    private final UserSockets userSockets = new UserSockets();
    private final Counter closedSlow;
    private final Bus bus;
    private final io.juntos.cluster.Drain drain;
    // Started by install, stopped by its stop hook.
    private Ticker ticker;
    private SessionAudit audit;
    private Bus.Subscription revocations;

    public GatewayFeature(Platform p) {
        this.gateway = p.gateway();
        this.cfg = gateway.config();
        this.bus = p.bus();
        this.drain = p.drain();
        this.authenticator = p.authenticator();
        this.origins = new OriginGuard(p.config());
        this.bodies = p.bodies();
        this.frames = gateway.frames();
        this.json = p.json();
        this.clock = p.clock();
        MeterRegistry m = p.metrics();
        Gauge.builder("juntos_ws_connections", bySocket, Map::size).description("open WebSocket connections").register(m);
        Gauge.builder("juntos_ws_topics", gateway.topics, Topics::size).description("bus topics followed by this node").register(m);
        this.closedSlow = Counter.builder("juntos_ws_slow_consumers_closed").register(m);
    }

    /**
     * Jetty settings of the endpoint that Javalin's routes cannot express: without
     * {@code JUNTOS_WS_COMPRESSION}, permessage-deflate is not offered at all (removed from the
     * server's extension registry once the context has started, before any upgrade).
     */
    public static void configure(io.javalin.config.JavalinConfig javalin, GatewayConfig cfg) {
        if (cfg.compression()) return;
        javalin.jetty.modifyServletContextHandler(context -> context.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarted(org.eclipse.jetty.util.component.LifeCycle event) {
                var components = org.eclipse.jetty.websocket.core.server.WebSocketServerComponents.getWebSocketComponents(context);
                if (components != null) components.getExtensionRegistry().unregister("permessage-deflate");
            }
        }));
    }

    @Override
    public void install(FeatureContext ctx) {
        revocations = bus.subscribe(Authenticator.SESSION_REVOKED_TOPIC, (topic, payload) -> revoked(new String(payload, StandardCharsets.UTF_8)));
        bus.onReconnect(this::recheckSessions);
        ticker = new Ticker(bySocket.values(), cfg, frames, gateway.topics, clock);
        audit = new SessionAudit(bySession, authenticator, cfg.sessionRecheck(), clock);
        ctx.onStop(this::stop);
        drain.join(this::drainSockets);
        ctx.limits(cfg);
        ctx.routes(this::routes);
    }

    private void routes(RoutesConfig r) {
        r.wsBeforeUpgrade("/ws", this::beforeUpgrade);
        r.ws("/ws", ws -> {
            ws.onConnect(this::opened);
            ws.onMessage(this::message);
            ws.onBinaryMessage(ctx -> bad(bySocket.get(ctx.sessionId()), null, "binary_not_supported", "Send JSON text frames."));
            ws.onClose(this::closed);
            ws.onError(ctx -> log.debug("ws error socket={}", ctx.sessionId(), ctx.error()));
        });
    }

    /** The one guard: draining, Origin, subprotocol, token. Nothing of the token is logged. */
    private void beforeUpgrade(Context ctx) {
        // A draining node takes no new sockets; the balancer, told by /readyz, sends them elsewhere.
        if (drain.draining()) refuse(ctx, ApiException.unavailable("draining", "This node is shutting down; connect again.", Duration.ofSeconds(1)));
        // Browsers always send Origin; a missing one is a non-browser client, which CSWSH cannot forge.
        try {
            origins.check(ctx.header("Origin"), "/ws");
        } catch (ApiException e) {
            refuse(ctx, e);
        }
        // Javalin's upgrade reads session attributes through getSession(), which creates an HTTP
        // session per socket that outlives it by 30 minutes (measured: ~3 KB each); we use none.
        ctx.req().getSession(true).setMaxInactiveInterval(1);
        String offered = ctx.header("Sec-WebSocket-Protocol");
        if (offered == null) return;
        String[] protocols = offered.split(",");
        // Javalin echoes the first offered protocol: it must be ours, never the token.
        if (!protocols[0].trim().equals(SUBPROTOCOL)) {
            refuse(ctx, ApiException.badRequest("subprotocol_required", "Offer the " + SUBPROTOCOL + " subprotocol first."));
        }
        for (String proto : protocols) {
            String s = proto.trim();
            if (!s.startsWith("bearer.")) continue;
            try {
                ctx.attribute(AUTH_ATTR, authenticator.verify(s.substring(7)));
            } catch (ApiException e) {
                // Refused before the upgrade, as a 401 problem (docs/protocol.md "Authentication"). A
                // browser cannot read the status of a failed upgrade (it sees close 1006), so the web
                // client refreshes its token before retrying a socket that never opened.
                refuse(ctx, e);
            }
        }
    }

    /**
     * Answers a refused upgrade with its problem document. Javalin does not write a result on the
     * upgrade path, so the body is written here; the subprotocol it echoed (maybe a token) is removed.
     */
    private void refuse(Context ctx, ApiException e) {
        ctx.res().setHeader("Sec-WebSocket-Protocol", null);
        ctx.status(e.status());
        ctx.res().setContentType(Problems.CONTENT_TYPE);
        try {
            byte[] body = json.writeValueAsBytes(Problems.body(ctx, e));
            ctx.res().setContentLength(body.length);
            ctx.res().getOutputStream().write(body);
            ctx.res().flushBuffer();
        } catch (java.io.IOException io) {
            log.debug("could not answer a refused upgrade", io);
        }
        throw e;
    }

    /**
     * Drain: closes every socket with 4012 {@code draining}, in up to 20 batches spread over at
     * most a third of the time left (random pauses, and sockets in random order), so that the
     * clients' reconnections reach the other nodes as a stream rather than one spike. Returns once
     * they are gone or at the deadline.
     */
    private void drainSockets(long deadlineNanos) {
        var open = new java.util.ArrayList<>(bySocket.values());
        java.util.Collections.shuffle(open);
        int batch = Math.max(1, (open.size() + 19) / 20);
        long spread = Math.min(Duration.ofSeconds(5).toNanos(), Math.max(0, deadlineNanos - System.nanoTime()) / 3);
        long pause = open.size() <= batch ? 0 : spread / ((open.size() + batch - 1) / batch);
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < open.size(); i++) {
            open.get(i).close(CloseCode.DRAINING, clock.millis());
            if ((i + 1) % batch == 0 && pause > 0 && System.nanoTime() < deadlineNanos) {
                java.util.concurrent.locks.LockSupport.parkNanos(pause / 2 + random.nextLong(pause / 2 + 1));
            }
        }
        while (!bySocket.isEmpty() && System.nanoTime() < deadlineNanos) java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        log.info("drain: sockets closed={} left={}", open.size(), bySocket.size());
    }

    private void opened(WsConnectContext ctx) {
        var session = ctx.session;
        session.setMaxTextMessageSize(cfg.maxFrameBytes());
        session.setMaxBinaryMessageSize(cfg.maxFrameBytes());
        session.setIdleTimeout(cfg.deadAfter().plusSeconds(30)); // backstop; the ticker closes first
        // Most frames are small; bigger ones take several reads. Keeps idle sockets light.
        session.setInputBufferSize(1024);
        session.setOutputBufferSize(1024);
        Connection c = new Connection(Ids.newId(), session, cfg, closedSlow, clock.millis());
        bySocket.put(ctx.sessionId(), c);
        Object auth = ctx.attribute(AUTH_ATTR);
        // Everything needed from the HTTP upgrade has been read: let it go (about 10 KiB per idle socket).
        UpgradeRelease.release(ctx);
        if (auth instanceof Principal p) {
            authenticated(c, p);
        } else if (auth instanceof ApiException e) {
            c.send(frames.error(null, e));
            c.close(CloseCode.forAuthError(e.code()), clock.millis());
        }
    }

    private void message(WsMessageContext ctx) {
        Connection c = bySocket.get(ctx.sessionId());
        if (c == null || c.isClosing()) return;
        long now = clock.millis();
        c.touch(now);
        switch (frames.parse(ctx.message())) {
            case Frames.Pong pong -> {
            }
            case Frames.Bad b -> bad(c, b.id(), b.problem());
            case Frames.Request req -> request(c, req, now);
        }
    }

    private void request(Connection c, Frames.Request req, long now) {
        if (req.type().equals("hello")) {
            hello(c, req);
            return;
        }
        if (!c.isAuthenticated()) {
            c.send(frames.error(req.id(), ApiException.unauthorized("auth_required", "Authenticate first: send hello with your access token.")));
            return;
        }
        Gateway.Route<?> route = gateway.routes.get(req.type());
        // Each type draws from its bucket at its cost (GatewayConfig.frameCosts); unknown ones from requests.
        long wait = route == null ? c.takeTokens(now, 0, 1) : c.takeTokens(now, route.bucket(), route.cost());
        if (wait > 0) {
            c.send(frames.error(req.id(), ApiException.tooMany("rate_limited", "Slow down.", Duration.ofMillis(wait))));
            if (c.tooManyRateStrikes(now)) c.close(CloseCode.RATE_LIMITED, now);
            return;
        }
        if (route == null) {
            bad(c, req.id(), "unknown_type", "Unknown frame type '" + abbreviate(req.type()) + "'.");
            return;
        }
        dispatch(c, req, route);
    }

    /** In order on this reader, or, for a slow handler, on its lane (docs/gateway.md, "slow handlers"). */
    private <T> void dispatch(Connection c, Frames.Request req, Gateway.Route<T> route) {
        T data;
        try {
            data = frames.data(req.data(), route.type(), bodies);
            checkBinary(route, data);
        } catch (ApiException e) {
            c.send(frames.error(req.id(), e));
            return;
        }
        Caller caller = new Caller(c, gateway.topics, frames);
        if (route.order() == null) {
            c.send(answer(c, req, route, caller, data));
            return;
        }
        String key;
        try {
            key = req.type() + ":" + route.order().of(caller, data);
        } catch (ApiException e) {
            c.send(frames.error(req.id(), e));
            return;
        }
        if (!c.startSlow(cfg.maxSlowPending())) {
            c.send(frames.error(req.id(), ApiException.tooMany("too_many_pending", "Wait for your earlier requests to be answered.", Duration.ofSeconds(1))));
            return;
        }
        c.slowLane(key).run(() -> {
            try {
                c.send(answer(c, req, route, caller, data));
            } finally {
                c.endSlow();
            }
        }, true);
    }

    /** A binary payload (a byte[] field, base64 on the wire) may not exceed its own limit, decoded. */
    private void checkBinary(Gateway.Route<?> route, Object data) {
        for (var field : route.binaryFields()) {
            byte[] bytes;
            try {
                bytes = (byte[]) field.invoke(data);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + field.getName(), e);
            }
            if (bytes != null && bytes.length > cfg.maxBinaryBytes()) {
                throw new ApiException(413, "payload_too_large", "At most " + cfg.maxBinaryBytes() + " bytes.",
                        List.of(new io.juntos.http.FieldError(field.getName(), "too_large", "At most " + cfg.maxBinaryBytes() + " bytes.")), null);
            }
        }
    }

    private <T> String answer(Connection c, Frames.Request req, Gateway.Route<T> route, Caller caller, T data) {
        try {
            return frames.ack(req.id(), route.handler().handle(caller, data));
        } catch (ApiException e) {
            return frames.error(req.id(), e);
        } catch (RuntimeException e) {
            log.error("gateway request failed type={} connection={}", abbreviate(req.type()), c.id, io.juntos.store.SqlErrors.scrub(e));
            return frames.error(req.id(), new ApiException(500, "internal_error", "Something went wrong on our side."));
        }
    }

    private record Hello(String token) {
    }

    private void hello(Connection c, Frames.Request req) {
        if (c.isAuthenticated()) {
            c.send(frames.error(req.id(), ApiException.conflict("already_authenticated", null, "This connection is already authenticated.")));
            return;
        }
        try {
            Hello h = frames.data(req.data(), Hello.class, bodies);
            if (h.token() == null || h.token().isBlank()) throw ApiException.invalid("token", "required", "This field is required.");
            Principal p = authenticator.verify(h.token());
            c.send(frames.ack(req.id(), ready(c, p)));
            authenticated(c, p);
        } catch (ApiException e) {
            c.send(frames.error(req.id(), e));
            if (e.status() == 401) c.close(CloseCode.forAuthError(e.code()), clock.millis());
        }
    }

    private void authenticated(Connection c, Principal p) {
        c.authenticate(p, clock.millis());
        bySession.computeIfAbsent(p.sessionId(), k -> ConcurrentHashMap.newKeySet()).add(c);
        // A sign-out that committed between the token check and the line above found no socket to
        // close; read the session again now that a later revocation is sure to find this one.
        if (!authenticator.isLive(p.sessionId())) {
            c.send(frames.error(null, ApiException.unauthorized("session_revoked", "This session has been signed out.")));
            c.close(CloseCode.SESSION_REVOKED, clock.millis());
            return;
        }
        if (userSockets.opened(p.userId(), c) > cfg.socketsPerUser()) {
            c.send(frames.error(null, ApiException.tooMany("too_many_connections",
                    "This account has " + cfg.socketsPerUser() + " sockets open already; close one first.", Duration.ofSeconds(5))));
            c.close(CloseCode.TOO_MANY_CONNECTIONS, clock.millis());
            return;
        }
        gateway.topics.follow(c, Gateway.userTopic(p.userId()), false);
        gateway.topics.follow(c, Gateway.connectionTopic(c.id), false);
        Caller caller = new Caller(c, gateway.topics, frames);
        try {
            gateway.onAuthenticated.forEach(h -> h.accept(caller));
        } catch (RuntimeException e) {
            log.error("gateway connect hook failed connection={}", c.id, e);
            c.close(CloseCode.SERVER_ERROR, clock.millis());
            return;
        }
        c.send(frames.event("ready", ready(c, p)));
    }

    private Map<String, Object> ready(Connection c, Principal p) {
        return Map.of("userId", p.userId(), "sessionId", p.sessionId(), "connectionId", c.id,
                "pingIntervalMs", cfg.pingInterval().toMillis(),
                "limits", Map.of("maxFrameBytes", cfg.maxFrameBytes(), "requestsPerSecond", cfg.requestsPerSecond(), "burst", cfg.burst(),
                        "buckets", cfg.buckets(), "frameCosts", cfg.frameCosts()));
    }

    private void bad(Connection c, String id, String code, String detail) {
        bad(c, id, new ApiException(400, code, detail));
    }

    private void bad(Connection c, String id, ApiException problem) {
        if (c == null) return;
        long now = clock.millis();
        c.touch(now);
        c.send(frames.error(id, problem));
        if (c.strike(now)) c.close(CloseCode.PROTOCOL_ABUSE, now);
    }

    private void closed(WsCloseContext ctx) {
        Connection c = bySocket.remove(ctx.sessionId());
        if (c == null) return;
        c.markGone();
        gateway.topics.unfollowAll(c);
        Principal p = c.principal();
        if (p == null) return;
        bySession.computeIfPresent(p.sessionId(), (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
        userSockets.closed(p.userId(), c);
        Caller caller = new Caller(c, gateway.topics, frames);
        for (Gateway.Hook h : gateway.onClosed) {
            try {
                h.accept(caller);
            } catch (RuntimeException e) {
                log.error("gateway close hook failed connection={}", c.id, e);
            }
        }
    }

    private void revoked(String sessionId) {
        Set<Connection> conns = bySession.get(sessionId);
        if (conns == null) return;
        long now = clock.millis();
        conns.forEach(c -> c.close(CloseCode.SESSION_REVOKED, now));
    }

    /** After the bus lost notices: a session revoked meanwhile still has its sockets here; close them. */
    private void recheckSessions() {
        for (String sessionId : bySession.keySet()) {
            try {
                if (!authenticator.isActive(sessionId)) revoked(sessionId);
            } catch (RuntimeException e) {
                log.warn("session re-check after bus reconnect failed", e);
                return;
            }
        }
    }

    private void stop() {
        ticker.close();
        audit.close();
        revocations.close();
        long now = clock.millis();
        bySocket.values().forEach(c -> c.close(CloseCode.GOING_AWAY, now));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
