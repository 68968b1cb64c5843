package io.juntos.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, fail-fast access to {@code JUNTOS_*} variables. Every getter takes the default so that
 * each setting's safe default lives next to where it is read; a malformed value throws a
 * {@link ConfigException} naming the variable. Secrets are never echoed in messages.
 */
public final class Env {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(b|kib|kb|k|mib|mb|m|gib|gb|g)?");

    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** A copy with some variables replaced: handy for tests and for derived defaults. */
    public Env with(Map<String, String> overrides) {
        var merged = new java.util.HashMap<>(vars);
        merged.putAll(overrides);
        return new Env(merged);
    }

    /** The names of the set variables that start with a prefix, sorted (for families like JUNTOS_OIDC_<NAME>_*). */
    public java.util.SortedSet<String> namesStartingWith(String prefix) {
        var out = new java.util.TreeSet<String>();
        vars.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null && !v.isBlank()) out.add(k);
        });
        return out;
    }

    public String string(String name, String fallback) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public String secret(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    public int integer(String name, int fallback, int min, int max) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, got '" + v.trim() + "'");
        }
    }

    public boolean bool(String name, boolean fallback) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) return fallback;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name, "must be true or false, got '" + v.trim() + "'");
        };
    }

    /** Durations as {@code 15m}, {@code 900s}, {@code 30d}, {@code 250ms} or ISO-8601 ({@code PT15M}). */
    public Duration duration(String name, Duration fallback) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) return fallback;
        String s = v.trim().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(v.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new ConfigException(name, "must be a duration like 15m, 30d or PT15M, got '" + v.trim() + "'");
            }
        }
        if (d.isNegative() || d.isZero()) throw new ConfigException(name, "must be positive");
        return d;
    }

    /** Byte sizes as {@code 1048576}, {@code 64KiB}, {@code 20MiB}, {@code 1GiB} (binary units). */
    public long bytes(String name, long fallback) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) return fallback;
        Matcher m = SIZE.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new ConfigException(name, "must be a size like 1048576, 64KiB or 20MiB, got '" + v.trim() + "'");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long mult = switch (unit) {
            case "b" -> 1L;
            case "kib", "kb", "k" -> 1024L;
            case "mib", "mb", "m" -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
        if (n <= 0) throw new ConfigException(name, "must be positive");
        return n * mult;
    }

    public List<String> list(String name, List<String> fallback) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) return fallback;
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public URI url(String name, String fallback) {
        String v = string(name, fallback);
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new ConfigException(name, "must be an absolute http(s) URL, got '" + v + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(name, "must be an absolute http(s) URL, got '" + v + "'");
        }
    }
}
