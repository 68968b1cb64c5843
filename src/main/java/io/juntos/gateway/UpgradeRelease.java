package io.juntos.gateway;

import io.javalin.http.servlet.JavalinServletContext;
import io.javalin.websocket.WsConnectContext;
import org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Lets go of the HTTP upgrade once a socket is open. Javalin's upgrade context and Jetty's API
 * session both keep the upgrade's servlet request and response for the socket's whole life (for
 * {@code ctx.req()} and {@code Session.getUpgradeRequest()}, which the gateway never calls after
 * {@code onConnect}); through them the finished HTTP/1.1 connection, its parser, header fields and
 * channel state stay reachable, and so does the HTTP session Javalin's upgrade creates. Measured
 * with a class histogram: about 16 KiB of heap per idle socket, most of it that request
 * (docs/benchmarks.md, issue 13).
 * <p>
 * Javalin and Jetty offer no way to drop them, so the references are cleared by reflection, field
 * by field. Each step is independent and best effort: if a future Javalin or Jetty renames a
 * field, that step is skipped (logged once) and the socket simply keeps the memory; it never
 * breaks the socket. What Javalin reads after the upgrade (session id, attributes) comes from its
 * own snapshot ({@code UpgradeRequestData}), which stays, but for the headers: the gateway reads
 * none after {@code onConnect}.
 */
final class UpgradeRelease {
    private static final Logger log = LoggerFactory.getLogger(UpgradeRelease.class);
    private static final Field JAVALIN_REQ = field(JavalinServletContext.class, "req");
    private static final Field JAVALIN_RES = field(JavalinServletContext.class, "res");
    private static final Field SESSION_UPGRADE_REQ = field(WebSocketSession.class, "upgradeRequest");
    private static final Field SESSION_UPGRADE_RES = field(WebSocketSession.class, "upgradeResponse");
    private static final Field SESSION_FRAME_HANDLER = field(WebSocketSession.class, "frameHandler");

    private UpgradeRelease() {
    }

    /** Call at the end of {@code onConnect}, after everything needed from the upgrade has been read. */
    static void release(WsConnectContext ctx) {
        var upgrade = ctx.getUpgradeCtx$javalin();
        try {
            // The HTTP session Javalin's upgrade made (it reads session attributes through getSession()).
            var httpSession = upgrade.req().getSession(false);
            if (httpSession != null) httpSession.invalidate();
        } catch (RuntimeException e) {
            log.debug("upgrade's HTTP session not invalidated", e); // already invalid, or the request was recycled
        }
        clear(JAVALIN_REQ, upgrade);
        clear(JAVALIN_RES, upgrade);
        // Javalin's snapshot of the upgrade's headers (about 1 KiB a socket); nothing reads headers after onConnect.
        try {
            upgrade.getExtractedData().getHeaderMap().clear();
        } catch (RuntimeException e) {
            log.debug("upgrade header snapshot kept", e); // an unmodifiable map in another Javalin
        }
        if (ctx.session instanceof WebSocketSession ws) {
            clear(SESSION_UPGRADE_REQ, ws);
            clear(SESSION_UPGRADE_RES, ws);
            if (read(SESSION_FRAME_HANDLER, ws) instanceof JettyWebSocketFrameHandler handler) {
                handler.setUpgradeRequest(null);
                handler.setUpgradeResponse(null);
            }
        }
    }

    /** True when the steps that hold the most memory are available in this Javalin and Jetty. */
    static boolean available() {
        return JAVALIN_REQ != null && JAVALIN_RES != null && SESSION_UPGRADE_REQ != null && SESSION_FRAME_HANDLER != null;
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot release {}.{} after WebSocket upgrades ({}); idle sockets keep more memory", owner.getSimpleName(), name, e.toString());
            return null;
        }
    }

    private static void clear(Field f, Object target) {
        if (f == null) return;
        try {
            f.set(target, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("could not clear {}", f.getName(), e);
        }
    }

    private static Object read(Field f, Object target) {
        if (f == null) return null;
        try {
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
