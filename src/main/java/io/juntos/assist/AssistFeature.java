package io.juntos.assist;

import io.javalin.config.RoutesConfig;
import io.juntos.Feature;
import io.juntos.Platform;
import io.juntos.conversations.ConversationReader;
import io.juntos.gateway.GatewayFeature;
import io.juntos.http.Checks;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * Reply suggestions (issue 14): gateway frames {@code assist.suggest} / {@code assist.cancel}
 * (docs/protocol.md §assist) and {@code GET /api/assist} (openapi/assist.json) telling the client
 * whether suggestions come from a model or the offline rules.
 */
public final class AssistFeature implements Feature {
    private static final Pattern SUGGESTION_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private final AssistConfig cfg;
    private final Suggestions suggestions;
    private final ScheduledExecutorService watchdog;
    private final io.juntos.auth.Authenticator auth;

    record SuggestRequest(String conversationId, String suggestionId) {
    }

    record CancelRequest(String suggestionId) {
    }

    private AssistFeature(Platform p, GatewayFeature gw, ConversationReader conversations, AssistConfig cfg) {
        this.cfg = cfg;
        this.auth = p.authenticator();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("assist-watchdog").factory());
        ChatCompletions model = cfg.online() ? new ChatCompletions(cfg, p.json(), watchdog) : null;
        this.suggestions = new Suggestions(cfg, conversations, model);
        var g = gw.gateway();
        g.on("assist.suggest", SuggestRequest.class, (caller, r) -> {
            Checks checks = new Checks();
            checks.text("conversationId", r.conversationId(), 1, 64);
            if (checks.text("suggestionId", r.suggestionId(), 1, 64)) {
                checks.pattern("suggestionId", r.suggestionId(), SUGGESTION_ID, "invalid_format", "Use 1 to 64 printable ASCII characters.");
            }
            checks.throwIfAny();
            suggestions.start(caller, r.conversationId(), r.suggestionId());
            return Map.of("suggestionId", r.suggestionId(), "source", suggestions.source());
        });
        g.on("assist.cancel", CancelRequest.class, (caller, r) -> {
            Checks checks = new Checks();
            checks.text("suggestionId", r.suggestionId(), 1, 64);
            checks.throwIfAny();
            return Map.of("cancelled", suggestions.cancel(caller, r.suggestionId()));
        });
        g.onClosed(caller -> suggestions.closed(caller.connectionId()));
    }

    public static AssistFeature create(Platform p, GatewayFeature gateway, ConversationReader conversations) {
        return new AssistFeature(p, gateway, conversations, AssistConfig.from(p.env()));
    }

    @Override
    public void install(RoutesConfig r) {
        r.get("/api/assist", ctx -> {
            auth.require(ctx);
            ctx.json(Map.of("source", suggestions.source(), "suggestions", AssistConfig.SUGGESTIONS,
                    "maxContextMessages", cfg.maxContextMessages()));
        });
    }

    @Override
    public void stop() {
        watchdog.shutdownNow();
    }
}
