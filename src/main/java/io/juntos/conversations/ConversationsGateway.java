package io.juntos.conversations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.juntos.FeatureContext;
import io.juntos.gateway.Caller;
import io.juntos.gateway.Gateway;
import io.juntos.gateway.GatewayConfig;
import io.juntos.http.ApiException;
import org.jdbi.v3.core.Jdbi;

import java.util.Map;

/**
 * The conversations' frames on the gateway (docs/protocol.md §3–4): what a socket follows when it
 * opens (its {@code conv.<id>} streams, which the gateway's resume replays), send/edit/delete,
 * reactions, receipts and typing. Authorization for ephemeral
 * frames (typing) uses what the socket follows, which tracks membership live; writes check the store.
 */
final class ConversationsGateway {
    private final Gateway gateway;
    private final GatewayConfig cfg;
    private final Messages messages;
    private final Presence presence;
    private final ConversationStore store;
    private final Jdbi jdbi;
    private final Cache<String, Boolean> typingThrottle;

    ConversationsGateway(Gateway gateway, Messages messages, Presence presence, ConversationStore store, Jdbi jdbi) {
        this.gateway = gateway;
        this.cfg = gateway.config();
        this.messages = messages;
        this.presence = presence;
        this.store = store;
        this.jdbi = jdbi;
        this.typingThrottle = Caffeine.newBuilder().expireAfterWrite(cfg.typingThrottle()).maximumSize(200_000).build();
    }

    void register(FeatureContext ctx) {
        ctx.stream("conv.", messages);
        gateway.onAuthenticated(this::opened);
        gateway.onClosed(presence::disconnected);
        ctx.frames("message.", "reaction.", "receipt", "typing")
                .on("message.send", Messages.SendRequest.class, (c, r) -> messages.send(c.userId(), r))
                .on("message.edit", Messages.EditRequest.class, (c, r) -> Map.of("message", messages.edit(c.userId(), r)))
                .on("message.delete", Messages.MessageRef.class, (c, r) -> Map.of("message", messages.delete(c.userId(), r)))
                .on("reaction.add", Messages.ReactionRequest.class, (c, r) -> Map.of("message", messages.react(c.userId(), r, true)))
                .on("reaction.remove", Messages.ReactionRequest.class, (c, r) -> Map.of("message", messages.react(c.userId(), r, false)))
                .on("receipt", Messages.ReceiptRequest.class, (c, r) -> messages.receipt(c.userId(), r))
                .on("typing", TypingRequest.class, this::typing);
    }

    private void opened(Caller c) {
        for (String id : jdbi.withHandle(h -> store.conversationIds(h, c.userId()))) c.follow(Messages.topic(id));
        presence.connected(c);
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
