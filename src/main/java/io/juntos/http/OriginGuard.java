package io.juntos.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.juntos.config.CoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The Origin allow-list for browser requests that carry credentials (the refresh cookie, the
 * socket). A refusal is logged with the origin and the setting that would allow it, because a
 * misconfigured origin otherwise looks like a user being signed out for no reason. Each origin is
 * logged at most once a minute so a hostile page cannot flood the log.
 */
public final class OriginGuard {
    private static final Logger log = LoggerFactory.getLogger(OriginGuard.class);
    private final CoreConfig config;
    private final Cache<String, Boolean> logged = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(1_000).build();

    public OriginGuard(CoreConfig config) {
        this.config = config;
    }

    /** Passes a request without Origin (not a browser) or from an allowed one; otherwise a 403 {@code origin_not_allowed}. */
    public void check(String origin, String where) {
        if (origin == null || config.allowsOrigin(origin)) return;
        String shown = printable(origin);
        if (logged.asMap().putIfAbsent(shown, Boolean.TRUE) == null) {
            log.warn("refused origin={} on {}: allowed are {}; add it to JUNTOS_ALLOWED_ORIGINS or set JUNTOS_PUBLIC_URL to the address users open",
                    shown, where, config.allowedOrigins());
        }
        throw ApiException.forbidden("origin_not_allowed", "This server does not accept requests from " + shown
                + ". Open it at its configured address, or ask the operator to add this origin to JUNTOS_ALLOWED_ORIGINS (or set JUNTOS_PUBLIC_URL).");
    }

    /** The header is the client's: no control characters into the log, and a bounded length. */
    private static String printable(String s) {
        String clean = s.codePoints().filter(c -> c >= 0x20 && c != 0x7f && c < 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }
}
