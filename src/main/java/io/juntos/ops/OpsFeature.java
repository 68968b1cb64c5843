package io.juntos.ops;

import io.javalin.config.RoutesConfig;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;

/** Liveness, readiness and Prometheus metrics for operators. */
public final class OpsFeature implements Feature {
    private final Database db;
    private final PrometheusMeterRegistry registry;

    public OpsFeature(Database db, PrometheusMeterRegistry registry) {
        this.db = db;
        this.registry = registry;
    }

    @Override
    public void install(FeatureContext ctx) {
        ctx.routes(this::routes);
        ctx.openApi("openapi/ops.json");
    }

    private void routes(RoutesConfig r) {
        r.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
        r.get("/readyz", ctx -> {
            boolean up = db.isReachable();
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "ready" : "unavailable", "database", up ? "up" : "down"));
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }
}
