package io.juntos.http;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Headers on every response. The CSP allows no inline script or style and no framing by others.
 * Features widen fetch directives with origins they need (an S3 endpoint for {@code img-src}, a
 * video host for {@code frame-src}) through their context; keywords such as {@code 'unsafe-inline'}
 * or wildcards are refused at start, so a feature cannot weaken the policy by accident.
 */
public final class SecurityHeaders {
    /** Fetch directives and their base sources; features may add origins to these only. */
    private static final Map<String, String> WIDENABLE = widenable();
    private static final List<String> FIXED = List.of("object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    private final String csp;

    /** {@code extraSources}: directive → origins features need, e.g. {@code frame-src → https://www.youtube-nocookie.com}. */
    public SecurityHeaders(Map<String, List<String>> extraSources) {
        Map<String, String> directives = new LinkedHashMap<>();
        WIDENABLE.forEach((d, v) -> {
            // frame-src and worker-src fall back to default-src ('self') until a feature widens them.
            if (!d.equals("frame-src") && !d.equals("worker-src")) directives.put(d, v);
        });
        extraSources.forEach((directive, sources) -> {
            if (!WIDENABLE.containsKey(directive) || directive.equals("default-src")) throw new IllegalStateException("CSP directive " + directive + " cannot be widened by a feature");
            for (String s : sources) {
                if (!ORIGIN.matcher(s).matches()) throw new IllegalStateException("CSP source for " + directive + " must be an http(s) origin: " + s);
                directives.merge(directive, WIDENABLE.get(directive) + " " + s, (a, b) -> a + " " + s);
            }
        });
        StringBuilder b = new StringBuilder();
        directives.forEach((d, v) -> b.append(d).append(' ').append(v).append("; "));
        b.append(String.join("; ", FIXED));
        this.csp = b.toString();
    }

    private static Map<String, String> widenable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("default-src", "'self'");
        m.put("script-src", "'self'");
        m.put("style-src", "'self'");
        m.put("img-src", "'self' data: blob:");
        m.put("media-src", "'self' blob:");
        m.put("connect-src", "'self'");
        m.put("font-src", "'self'");
        m.put("frame-src", "'self'");
        m.put("worker-src", "'self'");
        return m;
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
