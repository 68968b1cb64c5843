package io.juntos.calls;

import io.juntos.activity.ActivityLog;
import io.juntos.conversations.GroupChats;
import io.juntos.gateway.Caller;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.push.Notifier;
import io.juntos.push.PushEvent;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens when people start, join, leave and end calls: the scope's membership is checked,
 * the {@link CallBook} decides, the store records it (before the ack), and everyone concerned is
 * told: the call's state on the scope's topic, ringing on the called person's user topic, a trace
 * in the conversation and the activity log when it ends.
 */
final class Calls {
    private static final Logger log = LoggerFactory.getLogger(Calls.class);

    private final CallBook book;
    private final CallScopes scopes;
    private final CallStore store;
    private final CallJson json;
    private final Jdbi jdbi;
    private final Gateway gateway;
    private final GroupChats chats;
    private final ActivityLog activity;
    private final Notifier push;
    private final io.juntos.auth.Users users;
    private final Clock clock;

    Calls(CallBook book, CallScopes scopes, CallStore store, CallJson json, Jdbi jdbi, Gateway gateway, GroupChats chats, ActivityLog activity,
          Notifier push, io.juntos.auth.Users users, Clock clock) {
        this.book = book;
        this.scopes = scopes;
        this.store = store;
        this.json = json;
        this.jdbi = jdbi;
        this.gateway = gateway;
        this.chats = chats;
        this.activity = activity;
        this.push = push;
        this.users = users;
        this.clock = clock;
    }

    /** The call going on in a scope the caller belongs to, or null. */
    Map<String, Object> current(String userId, Scope scope) {
        scopes.requireMember(scope, userId);
        return book.inScope(scope).map(json::call).orElse(null);
    }

    Map<String, Object> start(Caller c, Scope scope, boolean audio, boolean video) {
        scopes.requireMember(scope, c.userId());
        var joined = book.start(scope, c.userId(), c.connectionId(), audio, video, scopes.ringTargets(scope, c.userId()));
        if (!joined.created()) return afterJoin(c, joined);
        CallView call = joined.call();
        try {
            jdbi.useTransaction(h -> {
                store.started(h, call);
                activity.append(h, c.userId(), "call.started", Map.of("callId", call.id(), "scope", scope.kind().wire, "scopeId", scope.id()), null);
            });
        } catch (RuntimeException e) {
            book.end(call.id(), c.connectionId()); // not recorded: the call does not exist
            throw e;
        }
        Map<String, Object> view = json.call(call);
        for (String u : call.ringing()) gateway.publish(Gateway.userTopic(u), "call.ringing", Map.of("call", view));
        if (!call.ringing().isEmpty() && push != null) {
            String name = users.byId(c.userId()).map(io.juntos.auth.User::username).orElse("Someone");
            push.notify(new PushEvent.IncomingCall(scope.id(), name, call.ringing()));
        }
        gateway.publish(scopes.topic(scope), "call.state", json.state(call, "started", call.participants().getFirst()));
        return ack(view, null);
    }

    Map<String, Object> join(Caller c, String callId, boolean audio, boolean video) {
        CallView call = visible(c.userId(), callId);
        return afterJoin(c, book.join(call.id(), c.userId(), c.connectionId(), audio, video));
    }

    private Map<String, Object> afterJoin(Caller c, CallBook.Joined j) {
        CallView call = j.call();
        if (j.answered()) {
            jdbi.useHandle(h -> store.answered(h, call.id(), call.answeredAt()));
            gateway.publish(Gateway.userTopic(c.userId()), "call.ring_stopped",
                    Map.of("callId", call.id(), "reason", "answered", "connectionId", c.connectionId()));
        }
        if (j.replacedConnection() != null) {
            gateway.sendTo(j.replacedConnection(), "call.left", Map.of("callId", call.id(), "reason", "moved"));
        }
        gateway.publish(scopes.topic(call.scope()), "call.state", json.state(call, "joined", call.byConnection(c.connectionId())));
        return ack(json.call(call), j.videoRefused());
    }

    void decline(Caller c, String callId) {
        CallView call = visible(c.userId(), callId);
        CallEnd end = book.decline(call.id(), c.userId());
        gateway.publish(Gateway.userTopic(c.userId()), "call.ring_stopped", Map.of("callId", call.id(), "reason", "declined"));
        if (end != null) finish(end);
    }

    void leave(Caller c, String callId) {
        left(book.leave(callId, c.connectionId()), "left");
    }

    void end(Caller c, String callId) {
        finish(book.end(callId, c.connectionId()));
    }

    void media(Caller c, String callId, boolean audio, boolean video, boolean screen) {
        CallView call = book.media(callId, c.connectionId(), audio, video, screen);
        gateway.publish(scopes.topic(call.scope()), "call.state", json.state(call, "media", call.byConnection(c.connectionId())));
    }

    /** Passes an offer, answer or ICE candidate to one connection of one participant, never more. */
    void signal(Caller c, String type, String callId, String to, Map<String, Object> payload) {
        Participant from = book.route(callId, c.connectionId(), to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("callId", callId);
        out.put("from", from.connectionId());
        out.put("fromUserId", from.userId());
        out.putAll(payload);
        gateway.sendTo(to, type, out);
    }

    /** A connection closed: its participants show as reconnecting until the grace runs out. */
    void connectionClosed(String connectionId) {
        for (CallView call : book.dropped(connectionId)) {
            gateway.publish(scopes.topic(call.scope()), "call.state", json.state(call, "dropped", call.byConnection(connectionId)));
        }
    }

    /** A socket that opens while its user is being rung rings too. */
    void connectionReady(Caller c) {
        for (CallView call : book.ringingFor(c.userId())) c.send("call.ringing", Map.of("call", json.call(call)));
    }

    void tick() {
        CallBook.Tick t = book.tick();
        t.missed().forEach(this::finish);
        t.removed().forEach(l -> left(l, "removed"));
    }

    private void left(CallBook.Left l, String change) {
        if (l.end() != null) {
            finish(l.end());
            return;
        }
        gateway.publish(scopes.topic(l.call().scope()), "call.state", json.state(l.call(), change, l.who()));
    }

    /** A call ended: recorded, ringing stopped everywhere, everyone told, the trace written. */
    private void finish(CallEnd e) {
        CallView call = e.call();
        jdbi.useTransaction(h -> {
            store.ended(h, e, clock.millis());
            Map<String, Object> detail = Map.of("callId", call.id(), "outcome", e.reason().wire, "durationMs", e.durationMs());
            activity.append(h, call.startedBy(), "call.ended", detail, null);
            if (e.reason() != CallEnd.Reason.ENDED) for (String u : call.ringing()) activity.append(h, u, "call.missed", detail, null);
        });
        // The trace is written before anyone is told, so a client that reloads on call.ended sees it.
        scopes.traceConversation(call.scope()).ifPresent(conv -> trace(conv, e));
        String reason = e.reason() == CallEnd.Reason.CANCELLED ? "missed" : e.reason().wire;
        for (String u : call.ringing()) gateway.publish(Gateway.userTopic(u), "call.ring_stopped", Map.of("callId", call.id(), "reason", reason));
        gateway.publish(scopes.topic(call.scope()), "call.ended", CallJson.ended(e));
    }

    private void trace(String conversationId, CallEnd e) {
        try {
            chats.send(e.call().startedBy(), conversationId, "call-" + e.call().id(), CallJson.trace(e));
        } catch (ApiException ex) {
            // The starter may have left the conversation meanwhile: the call still ended; only its trace is lost.
            log.warn("call trace not written call={} code={}", e.call().id(), ex.code());
        }
    }

    /** The call, if it exists and the user belongs to its scope; else 404, whichever it is. */
    private CallView visible(String userId, String callId) {
        CallView call = book.get(callId).orElseThrow(() -> ApiException.notFound("The call"));
        if (!scopes.isMember(call.scope(), userId)) throw ApiException.notFound("The call");
        return call;
    }

    private static Map<String, Object> ack(Map<String, Object> call, String videoRefused) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call", call);
        if (videoRefused != null) {
            m.put("videoRefused", videoRefused);
            m.put("detail", "This call already has its maximum of video senders: you joined audio-only.");
        }
        return m;
    }

    List<CallView> ringingFor(String userId) {
        return book.ringingFor(userId);
    }
}
