package io.juntos.calls;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

import java.time.Duration;
import java.util.List;

/**
 * The calls feature's settings, read once at start (README lists them): the limits, and the ICE
 * servers handed to browsers. TURN without a shared secret fails at start: a relay nobody can
 * authenticate to would make calls behind NAT fail silently.
 */
record CallsConfig(CallLimits limits, List<String> stunUrls, List<String> turnUrls, String turnSecret, Duration turnTtl) {

    static CallsConfig from(Env env) {
        int max = env.integer("JUNTOS_CALLS_MAX_PARTICIPANTS", 8, 2, 16);
        int maxVideo = env.integer("JUNTOS_CALLS_MAX_VIDEO", 4, 0, 16);
        if (maxVideo > max) throw new ConfigException("JUNTOS_CALLS_MAX_VIDEO", "must be at most JUNTOS_CALLS_MAX_PARTICIPANTS (" + max + ")");
        var limits = new CallLimits(max, maxVideo,
                env.duration("JUNTOS_CALLS_RING_TIMEOUT", Duration.ofSeconds(30)),
                env.duration("JUNTOS_CALLS_DROP_GRACE", Duration.ofSeconds(10)));
        List<String> stun = urls(env, "JUNTOS_STUN_URLS", List.of("stun:"));
        List<String> turn = urls(env, "JUNTOS_TURN_URLS", List.of("turn:", "turns:"));
        String secret = env.secret("JUNTOS_TURN_SECRET");
        if (!turn.isEmpty() && secret == null) throw new ConfigException("JUNTOS_TURN_SECRET", "is required when JUNTOS_TURN_URLS is set");
        Duration ttl = env.duration("JUNTOS_TURN_TTL", Duration.ofHours(1));
        if (ttl.compareTo(Duration.ofMinutes(1)) < 0) throw new ConfigException("JUNTOS_TURN_TTL", "must be at least 1m");
        return new CallsConfig(limits, stun, turn, secret, ttl);
    }

    private static List<String> urls(Env env, String name, List<String> schemes) {
        List<String> urls = env.list(name, List.of());
        for (String u : urls) {
            if (schemes.stream().noneMatch(u::startsWith) || u.length() > 256) {
                throw new ConfigException(name, "must be a comma-separated list of " + String.join(" or ", schemes) + "host:port URLs, got '" + u + "'");
            }
        }
        return urls;
    }

    /** What start-up logs and {@code ctx.limits} list: never the secret. */
    @Override
    public String toString() {
        return "CallsConfig[limits=" + limits + ", stunUrls=" + stunUrls + ", turnUrls=" + turnUrls + ", turnSecret="
                + (turnSecret == null ? "unset" : "set") + ", turnTtl=" + turnTtl + "]";
    }
}
