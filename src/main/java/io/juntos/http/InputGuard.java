package io.juntos.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;
import java.util.Map;

/**
 * Checks every API request before its route runs: query parameters obey {@link TextRules} (a NUL
 * in a search term must not reach PostgreSQL), and HEAD is refused. Javalin answers HEAD for a GET
 * route with an empty 200 without running the route, so authentication never ran; rather than
 * answer for a resource it did not check, the API says 405 and names GET.
 */
public final class InputGuard {
    private InputGuard() {
    }

    public static void check(Context ctx) {
        if (!ctx.path().startsWith("/api/")) return;
        if (ctx.method() == HandlerType.HEAD) {
            ctx.header("Allow", "GET");
            throw new ApiException(405, "method_not_allowed", "HEAD is not supported on the API; use GET.");
        }
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (!TextRules.acceptable(e.getKey())) throw ApiException.invalid("(query)", TextRules.CODE, TextRules.MESSAGE);
            for (String v : e.getValue()) {
                if (!TextRules.acceptable(v)) throw ApiException.invalid(e.getKey(), TextRules.CODE, TextRules.MESSAGE);
            }
        }
    }
}
