package io.juntos.activity;

import io.javalin.config.RoutesConfig;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.auth.Authenticator;
import io.juntos.http.ApiException;
import io.juntos.store.Ids;

/** {@code GET /api/activity}: the caller's own activity log, newest first, paged by {@code before}. */
public final class ActivityFeature implements Feature {
    private final ActivityLog log;
    private final Authenticator auth;

    public ActivityFeature(ActivityLog log, Authenticator auth) {
        this.log = log;
        this.auth = auth;
    }

    @Override
    public void install(FeatureContext ctx) {
        ctx.routes(this::routes);
        ctx.openApi("openapi/activity.json");
    }

    private void routes(RoutesConfig r) {
        r.get("/api/activity", ctx -> {
            var p = auth.require(ctx);
            String before = ctx.queryParam("before");
            if (before != null && !Ids.isWellFormed(before)) throw ApiException.invalid("before", "invalid_cursor", "Not a cursor from a previous page.");
            ctx.json(log.list(p.userId(), before, limit(ctx.queryParam("limit"))));
        });
    }

    private static int limit(String raw) {
        if (raw == null) return 50;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 100) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the validation error below
        }
        throw ApiException.invalid("limit", "out_of_range", "limit must be a whole number from 1 to 100.");
    }
}
