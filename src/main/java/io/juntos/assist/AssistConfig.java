package io.juntos.assist;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;
import io.juntos.limits.RateLimit;

import java.net.URI;
import java.time.Duration;

/**
 * Reply suggestions: the optional chat-completions endpoint and every limit, declared here with
 * defaults and validated at start. Without {@code JUNTOS_AI_URL} nothing ever leaves the server:
 * suggestions come from {@link OfflineSuggester}. The key is never logged ({@link #toString}).
 */
public record AssistConfig(
        URI url,
        String model,
        String key,
        Duration connectTimeout,
        Duration firstTokenTimeout,
        Duration idleTimeout,
        Duration totalTimeout,
        int maxContextMessages,
        int maxActivePerUser,
        int maxActiveUpstream,
        RateLimit perUser) {

    /** How many suggestions one request produces (the issue: three). */
    static final int SUGGESTIONS = 3;

    public static AssistConfig from(Env env) {
        String raw = env.string("JUNTOS_AI_URL", null);
        URI url = raw == null || raw.isBlank() ? null : env.url("JUNTOS_AI_URL", null);
        String model = env.string("JUNTOS_AI_MODEL", null);
        if (url != null && (model == null || model.isBlank())) {
            throw new ConfigException("JUNTOS_AI_MODEL", "is required with JUNTOS_AI_URL (e.g. llama3.2 for Ollama, gpt-4o-mini for OpenAI)");
        }
        var cfg = new AssistConfig(url, model, env.secret("JUNTOS_AI_KEY"),
                env.duration("JUNTOS_AI_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
                env.duration("JUNTOS_AI_FIRST_TOKEN_TIMEOUT", Duration.ofSeconds(30)),
                env.duration("JUNTOS_AI_IDLE_TIMEOUT", Duration.ofSeconds(10)),
                env.duration("JUNTOS_AI_TOTAL_TIMEOUT", Duration.ofSeconds(60)),
                env.integer("JUNTOS_AI_MAX_CONTEXT_MESSAGES", 20, 1, 200),
                env.integer("JUNTOS_AI_MAX_ACTIVE_PER_USER", 2, 1, 20),
                env.integer("JUNTOS_AI_MAX_ACTIVE", 16, 1, 1000),
                RateLimit.named(env, "assist_per_user", 30, Duration.ofMinutes(10)));
        cfg.validate();
        return cfg;
    }

    private void validate() {
        positive("JUNTOS_AI_CONNECT_TIMEOUT", connectTimeout);
        positive("JUNTOS_AI_FIRST_TOKEN_TIMEOUT", firstTokenTimeout);
        positive("JUNTOS_AI_IDLE_TIMEOUT", idleTimeout);
        positive("JUNTOS_AI_TOTAL_TIMEOUT", totalTimeout);
    }

    private static void positive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) throw new ConfigException(name, "must be positive");
    }

    public boolean online() {
        return url != null;
    }

    @Override
    public String toString() {
        return "AssistConfig[url=" + url + ", model=" + model + ", key=" + (key == null ? "none" : "***") + ", connect=" + connectTimeout
                + ", firstToken=" + firstTokenTimeout + ", idle=" + idleTimeout + ", total=" + totalTimeout
                + ", maxContext=" + maxContextMessages + ", perUser=" + perUser + "]";
    }
}
