package io.juntos.limits;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

import java.time.Duration;

/**
 * A named limit: {@code capacity} actions per {@code period}. Each limit is declared once, with
 * its default, in {@link #named}; operators override it as {@code JUNTOS_LIMIT_<NAME>=count/period}
 * (e.g. {@code JUNTOS_LIMIT_SIGNUP_PER_ADDRESS=20/1h}).
 */
public record RateLimit(String name, long capacity, Duration period) {

    public RateLimit {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    }

    public static RateLimit named(Env env, String name, long capacity, Duration period) {
        String var = "JUNTOS_LIMIT_" + name.toUpperCase(java.util.Locale.ROOT);
        String raw = env.string(var, null);
        if (raw == null) return new RateLimit(name, capacity, period);
        String[] parts = raw.split("/");
        if (parts.length != 2) throw new ConfigException(var, "must look like 20/1h");
        try {
            long n = Long.parseLong(parts[0].trim());
            Duration d = new Env(java.util.Map.of(var, parts[1].trim())).duration(var, period);
            if (n < 1) throw new ConfigException(var, "count must be positive");
            return new RateLimit(name, n, d);
        } catch (NumberFormatException e) {
            throw new ConfigException(var, "must look like 20/1h");
        }
    }
}
