package io.juntos.assist;

import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.Platform;
import io.juntos.conversations.ConversationReader;
import io.juntos.http.Checks;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Reply suggestions (issue 14): gateway frames {@code assist.suggest} / {@code assist.cancel}
 * (docs/protocol.md §assist) and {@code GET /api/assist} (openapi/assist.json) telling the client
 * whether suggestions come from a model or the offline rules.
 */
public final class AssistFeature implements Feature {
    private static final Pattern SUGGESTION_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private final Platform platform;
    private final ConversationReader conversations;

    record SuggestRequest(String conversationId, String suggestionId) {
    }

    record CancelRequest(String suggestionId) {
    }

    public AssistFeature(Platform p, ConversationReader conversations) {
        this.platform = p;
        this.conversations = conversations;
    }

    @Override
    public void install(FeatureContext ctx) {
        AssistConfig cfg = AssistConfig.from(platform.env());
        ctx.limits(cfg); // its toString never shows the key
        var watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("assist-watchdog").factory());
        ctx.onStop(watchdog::shutdownNow);
        ChatCompletions model = cfg.online() ? new ChatCompletions(cfg, platform.json(), watchdog) : null;
        var suggestions = new Suggestions(cfg, conversations, model);
        // The platform has no slow-handler lane for frames (FrameFamily.on runs on the read loop and
        // acks with the return value), so the handler checks access and limits inline, acks, and
        // Suggestions streams from its own virtual thread to this one connection (Caller.send).
        ctx.frames("assist.")
                .on("assist.suggest", SuggestRequest.class, (caller, r) -> {
                    Checks checks = new Checks();
                    checks.text("conversationId", r.conversationId(), 1, 64);
                    if (checks.text("suggestionId", r.suggestionId(), 1, 64)) {
                        checks.pattern("suggestionId", r.suggestionId(), SUGGESTION_ID, "invalid_format", "Use 1 to 64 printable ASCII characters.");
                    }
                    checks.throwIfAny();
                    suggestions.start(caller, r.conversationId(), r.suggestionId());
                    return Map.of("suggestionId", r.suggestionId(), "source", suggestions.source());
                })
                .on("assist.cancel", CancelRequest.class, (caller, r) -> {
                    Checks checks = new Checks();
                    checks.text("suggestionId", r.suggestionId(), 1, 64);
                    checks.throwIfAny();
                    return Map.of("cancelled", suggestions.cancel(caller, r.suggestionId()));
                });
        ctx.gateway().onClosed(caller -> suggestions.closed(caller.connectionId()));
        var auth = platform.authenticator();
        ctx.routes(r -> r.get("/api/assist", c -> {
            auth.require(c);
            c.json(Map.of("source", suggestions.source(), "suggestions", AssistConfig.SUGGESTIONS,
                    "maxContextMessages", cfg.maxContextMessages()));
        }));
        ctx.openApi("openapi/assist.json");
    }
}
