package io.juntos.http;

import io.javalin.http.Context;

import java.util.List;

/**
 * Headers on every response. The CSP allows no inline script or style and no framing; features
 * that serve media from another origin (an S3 endpoint) add it to {@code img-src}/{@code media-src}/{@code connect-src}.
 */
public final class SecurityHeaders {
    private final String csp;

    public SecurityHeaders(List<String> extraMediaOrigins) {
        this(extraMediaOrigins, List.of(), List.of());
    }

    /** {@code scriptOrigins}/{@code frameOrigins}: embedded players a feature loads (rooms: YouTube's IFrame API). */
    public SecurityHeaders(List<String> extraMediaOrigins, List<String> scriptOrigins, List<String> frameOrigins) {
        String media = String.join(" ", extraMediaOrigins);
        this.csp = String.join("; ",
                "default-src 'self'",
                ("script-src 'self' " + String.join(" ", scriptOrigins)).trim(),
                ("frame-src 'self' " + String.join(" ", frameOrigins)).trim(),
                "style-src 'self'",
                ("img-src 'self' data: blob: " + media).trim(),
                ("media-src 'self' blob: " + media).trim(),
                // Browsers upload straight to the media store (presigned PUT), so its origin is also a connect target.
                ("connect-src 'self' " + media).trim(),
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    public String contentSecurityPolicy() {
        return csp;
    }

    public void apply(Context ctx) {
        ctx.header("Content-Security-Policy", csp);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "geolocation=(), camera=(self), microphone=(self)");
        if (ctx.path().startsWith("/api/")) ctx.header("Cache-Control", "no-store");
    }
}
