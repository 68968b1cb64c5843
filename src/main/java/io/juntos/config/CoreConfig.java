package io.juntos.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings every feature shares. Feature-specific settings live in their own records (e.g. the
 * gateway's or media's), read from the same {@link Env}; this record is frozen after start.
 */
public record CoreConfig(
        String bindAddress,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        URI publicUrl,
        List<String> allowedOrigins,
        Duration accessTokenTtl,
        Duration refreshIdleTtl,
        Duration refreshMaxTtl,
        String tokenKey,
        long maxBodyBytes,
        boolean trustProxy,
        String logLevel) {

    public static CoreConfig from(Env env) {
        int port = env.integer("JUNTOS_PORT", 8080, 0, 65535);
        Path dataDir = Path.of(env.string("JUNTOS_DATA_DIR", "data")).toAbsolutePath().normalize();
        String dbUrl = env.string("JUNTOS_DB_URL", "jdbc:sqlite:" + dataDir.resolve("juntos.db"));
        if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("JUNTOS_DB_URL", "must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        URI publicUrl = env.url("JUNTOS_PUBLIC_URL", "http://localhost:" + (port == 0 ? 8080 : port));
        String selfOrigin = origin(publicUrl);
        // Without a public URL the server is being tried on this machine: whichever loopback name
        // the browser was pointed at (localhost, 127.0.0.1, [::1]) must work, or the first refresh
        // answers origin_not_allowed and the new user is signed out.
        List<String> fallback = env.string("JUNTOS_PUBLIC_URL", null) == null ? loopbackOrigins(port == 0 ? 8080 : port) : List.of(selfOrigin);
        List<String> origins = env.list("JUNTOS_ALLOWED_ORIGINS", fallback);
        for (String o : origins) {
            if (!o.equals("*") && !o.matches("https?://[^/\\s]+")) {
                throw new ConfigException("JUNTOS_ALLOWED_ORIGINS", "each entry must be an origin like https://chat.example.org, got '" + o + "'");
            }
        }
        Duration idle = env.duration("JUNTOS_REFRESH_IDLE_TTL", Duration.ofDays(30));
        Duration max = env.duration("JUNTOS_REFRESH_MAX_TTL", Duration.ofDays(90));
        if (idle.compareTo(max) > 0) throw new ConfigException("JUNTOS_REFRESH_IDLE_TTL", "must not exceed JUNTOS_REFRESH_MAX_TTL");
        String level = env.string("JUNTOS_LOG_LEVEL", "INFO").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
            throw new ConfigException("JUNTOS_LOG_LEVEL", "must be one of TRACE, DEBUG, INFO, WARN, ERROR");
        }
        return new CoreConfig(
                env.string("JUNTOS_BIND", "127.0.0.1"),
                port,
                dataDir,
                dbUrl,
                env.string("JUNTOS_DB_USER", null),
                env.secret("JUNTOS_DB_PASSWORD"),
                env.integer("JUNTOS_DB_POOL_SIZE", 10, 1, 200),
                publicUrl,
                origins,
                env.duration("JUNTOS_ACCESS_TOKEN_TTL", Duration.ofMinutes(15)),
                idle,
                max,
                env.secret("JUNTOS_TOKEN_KEY"),
                env.bytes("JUNTOS_MAX_BODY_BYTES", 1024 * 1024),
                env.bool("JUNTOS_TRUST_PROXY", false),
                level);
    }

    public boolean isPostgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    public boolean secureCookies() {
        return publicUrl.getScheme().equals("https");
    }

    /** The origins a browser on this machine uses for the port: every loopback name. */
    public static List<String> loopbackOrigins(int port) {
        return List.of("http://localhost:" + port, "http://127.0.0.1:" + port, "http://[::1]:" + port);
    }

    /** True when a browser page of {@code origin} may use cookies and sockets here. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    public static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** Never print the password or token key. */
    @Override
    public String toString() {
        return "CoreConfig[bind=" + bindAddress + ", port=" + port + ", dataDir=" + dataDir + ", db=" + redact(dbUrl)
                + ", publicUrl=" + publicUrl + ", origins=" + allowedOrigins + "]";
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
