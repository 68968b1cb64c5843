package io.juntos.assist;

import io.juntos.conversations.ConversationReader;
import io.juntos.gateway.Caller;
import io.juntos.http.ApiException;
import io.juntos.limits.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs suggestion requests: each on its own virtual thread (never the socket's read loop), sending
 * {@code assist.delta} frames to the asking connection as text arrives and ending with exactly one
 * {@code assist.done} or {@code assist.error} (none after a cancel). Nothing leaves the server
 * unless an endpoint is configured; the prompt lives only in this request's memory.
 */
final class Suggestions {
    private static final Logger log = LoggerFactory.getLogger(Suggestions.class);
    static final int OWN_REPLY_MAX_CHARS = 40;

    private final AssistConfig cfg;
    private final ConversationReader conversations;
    private final ChatCompletions model; // null when offline
    private final OfflineSuggester offline = new OfflineSuggester();
    private final RateLimiter perUser;
    private final Semaphore upstreamSlots;
    /** Running jobs by connection id + "/" + client suggestion id. */
    private final Map<String, Job> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> activePerUser = new ConcurrentHashMap<>();

    record Job(String key, String userId, ChatCompletions.Call call) {
    }

    Suggestions(AssistConfig cfg, ConversationReader conversations, ChatCompletions model) {
        this.cfg = cfg;
        this.conversations = conversations;
        this.model = model;
        this.perUser = new RateLimiter(cfg.perUser());
        this.upstreamSlots = new Semaphore(cfg.maxActiveUpstream());
    }

    String source() {
        return model == null ? "offline" : "model";
    }

    /** Checks access and limits on the caller's thread (errors become the request's error frame), then streams in the background. */
    void start(Caller caller, String conversationId, String suggestionId) {
        String key = caller.connectionId() + "/" + suggestionId;
        List<ConversationReader.ContextMessage> recent = conversations.recentReadable(caller.userId(), conversationId, cfg.maxContextMessages());
        if (model != null) perUser.check(caller.userId());
        AtomicInteger active = activePerUser.computeIfAbsent(caller.userId(), k -> new AtomicInteger());
        if (active.incrementAndGet() > cfg.maxActivePerUser()) {
            release(caller.userId(), active);
            throw ApiException.tooMany("assist_busy", "Suggestions are already being written for you. Wait or cancel them.", Duration.ofSeconds(2));
        }
        Job job = new Job(key, caller.userId(), new ChatCompletions.Call());
        if (running.putIfAbsent(key, job) != null) {
            release(caller.userId(), active);
            throw ApiException.conflict("duplicate_id", "suggestionId", "This suggestionId is already running on this connection.");
        }
        Thread.ofVirtual().name("assist-" + suggestionId).start(() -> {
            try {
                run(caller, suggestionId, recent, job);
            } finally {
                running.remove(key, job);
                release(caller.userId(), active);
            }
        });
    }

    private void release(String userId, AtomicInteger active) {
        if (active.decrementAndGet() <= 0) activePerUser.remove(userId, active);
    }

    /** Stops one suggestion stream; false when it already ended. */
    boolean cancel(Caller caller, String suggestionId) {
        Job job = running.remove(caller.connectionId() + "/" + suggestionId);
        if (job == null) return false;
        job.call().cancel();
        return true;
    }

    /** The connection closed: stop everything it asked for. */
    void closed(String connectionId) {
        running.values().removeIf(job -> {
            if (!job.key().startsWith(connectionId + "/")) return false;
            job.call().cancel();
            return true;
        });
    }

    private void run(Caller caller, String id, List<ConversationReader.ContextMessage> recent, Job job) {
        SuggestionParser parser = new SuggestionParser(AssistConfig.SUGGESTIONS,
                (index, text) -> { if (!job.call().cancelled()) caller.send("assist.delta", Map.of("suggestionId", id, "index", index, "text", text)); });
        try {
            if (model == null) {
                List<String> own = conversations.frequentShortReplies(caller.userId(), OWN_REPLY_MAX_CHARS, 500, 10);
                parser.accept(String.join("\n", offline.suggest(recent, own)));
            } else {
                streamFromModel(recent, job, parser);
            }
            List<String> result = parser.finish();
            if (job.call().cancelled()) return;
            if (result.isEmpty()) throw UpstreamException.of("ai_empty", "The language model gave no suggestions. Try again.");
            caller.send("assist.done", Map.of("suggestionId", id, "source", source(), "suggestions", result));
        } catch (UpstreamException e) {
            if (job.call().cancelled() || e.code().equals("cancelled")) return;
            log.info("assist suggestion failed code={}", e.code());
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("suggestionId", id);
            err.put("code", e.code());
            err.put("detail", e.getMessage());
            if (e.retryAfter() != null) err.put("retryAfter", e.retryAfter().toSeconds());
            caller.send("assist.error", err);
        } catch (RuntimeException e) {
            log.warn("assist suggestion crashed: {}", e.getClass().getSimpleName());
            if (!job.call().cancelled()) caller.send("assist.error", Map.of("suggestionId", id, "code", "internal", "detail", "Suggestions failed."));
        }
    }

    private void streamFromModel(List<ConversationReader.ContextMessage> recent, Job job, SuggestionParser parser) {
        if (!upstreamSlots.tryAcquire()) {
            throw new UpstreamException("assist_busy", "Too many suggestions are being written on this server. Try again shortly.", Duration.ofSeconds(2));
        }
        try {
            model.stream(Prompt.build(recent), job.call(), piece -> {
                parser.accept(piece);
                if (parser.full()) job.call().enough(); // three are enough: stop paying for tokens
            });
        } finally {
            upstreamSlots.release();
        }
    }
}
