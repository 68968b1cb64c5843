package io.juntos.conversations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.juntos.gateway.Caller;
import io.juntos.gateway.Gateway;
import io.juntos.gateway.GatewayConfig;
import io.juntos.http.ApiException;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversations' frames on the gateway (docs/protocol.md §3–4): what a socket follows when it
 * opens, resume, send/edit/delete, reactions, receipts and typing. Authorization for ephemeral
 * frames (typing) uses what the socket follows, which tracks membership live; writes check the store.
 */
final class ConversationsGateway {
    static final int RESUME_BOUND = 500;
    static final int RESUME_PAGE = 100;

    private final Gateway gateway;
    private final GatewayConfig cfg;
    private final Messages messages;
    private final Presence presence;
    private final ConversationStore store;
    private final Jdbi jdbi;
    private final Cache<String, Boolean> typingThrottle;

    ConversationsGateway(Gateway gateway, GatewayConfig cfg, Messages messages, Presence presence, ConversationStore store, Jdbi jdbi) {
        this.gateway = gateway;
        this.cfg = cfg;
        this.messages = messages;
        this.presence = presence;
        this.store = store;
        this.jdbi = jdbi;
        this.typingThrottle = Caffeine.newBuilder().expireAfterWrite(cfg.typingThrottle()).maximumSize(200_000).build();
    }

    void register() {
        gateway.backfill("conv.", messages);
        gateway.onAuthenticated(this::opened);
        gateway.onClosed(c -> presence.disconnected(c.userId()));
        gateway.on("resume", ResumeRequest.class, this::resume);
        gateway.on("message.send", Messages.SendRequest.class, (c, r) -> messages.send(c.userId(), r));
        gateway.on("message.edit", Messages.EditRequest.class, (c, r) -> Map.of("message", messages.edit(c.userId(), r)));
        gateway.on("message.delete", Messages.MessageRef.class, (c, r) -> Map.of("message", messages.delete(c.userId(), r)));
        gateway.on("reaction.add", Messages.ReactionRequest.class, (c, r) -> Map.of("message", messages.react(c.userId(), r, true)));
        gateway.on("reaction.remove", Messages.ReactionRequest.class, (c, r) -> Map.of("message", messages.react(c.userId(), r, false)));
        gateway.on("receipt", Messages.ReceiptRequest.class, (c, r) -> messages.receipt(c.userId(), r));
        gateway.on("typing", TypingRequest.class, this::typing);
    }

    private void opened(Caller c) {
        for (String id : jdbi.withHandle(h -> store.conversationIds(h, c.userId()))) c.follow(Messages.topic(id));
        presence.connected(c.userId());
    }

    record ResumeRequest(Map<String, Long> conversations, Long since) {
    }

    private Map<String, Object> resume(Caller c, ResumeRequest r) {
        if (r.conversations() == null) throw ApiException.invalid("conversations", "required", "Map each conversation id to your last seq.");
        if (r.conversations().size() > 1000) throw ApiException.invalid("conversations", "too_many", "At most 1000 conversations per resume.");
        if (!c.markResumed()) throw ApiException.conflict("already_resumed", null, "This connection has resumed already; reconnect to resume again.");
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : r.conversations().entrySet()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("conversationId", e.getKey());
            String topic = Messages.topic(e.getKey());
            long after = e.getValue() == null || e.getValue() < 0 ? 0 : e.getValue();
            Caller.Replay replay = Ids.isWellFormed(e.getKey()) && c.follows(topic) ? c.replay(topic, after, RESUME_BOUND, RESUME_PAGE) : null;
            if (replay == null) {
                result.put("status", "not_found");
            } else {
                result.put("status", replay.status());
                result.put("fromSeq", replay.fromSeq());
                result.put("toSeq", replay.toSeq());
                if (r.since() != null && after > 0) {
                    for (Message m : messages.changedSince(e.getKey(), r.since(), after)) c.send("message.updated", Map.of("message", m));
                }
            }
            out.add(result);
        }
        c.releaseHeld();
        return Map.of("conversations", out);
    }

    record TypingRequest(String conversationId, String state) {
    }

    private Map<String, Object> typing(Caller c, TypingRequest r) {
        String state = r.state() == null ? "start" : r.state();
        if (!state.equals("start") && !state.equals("stop")) throw ApiException.invalid("state", "invalid_value", "Must be start or stop.");
        if (r.conversationId() == null || !c.follows(Messages.topic(r.conversationId()))) throw ConversationsException.conversationNotFound();
        String key = c.connectionId() + ":" + r.conversationId();
        // "stop" always goes through (it ends an indicator); "start" at most once per throttle window.
        if (state.equals("start") && typingThrottle.asMap().putIfAbsent(key, Boolean.TRUE) != null) return Map.of("throttled", true);
        if (state.equals("stop")) typingThrottle.invalidate(key);
        gateway.publish(Messages.topic(r.conversationId()), "typing", Map.of("conversationId", r.conversationId(), "userId", c.userId(),
                "state", state, "expiresInMs", cfg.typingExpiry().toMillis()));
        return Map.of();
    }
}
