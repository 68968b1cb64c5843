package io.juntos.ops;

import io.javalin.config.RoutesConfig;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.cluster.ClusterState;
import io.juntos.cluster.Drain;
import io.juntos.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;

/** Liveness, readiness and Prometheus metrics for operators. */
public final class OpsFeature implements Feature {
    private final Database db;
    private final PrometheusMeterRegistry registry;
    private final ClusterState cluster;
    private final Drain drain;

    public OpsFeature(Database db, PrometheusMeterRegistry registry, ClusterState cluster, Drain drain) {
        this.db = db;
        this.registry = registry;
        this.cluster = cluster;
        this.drain = drain;
    }

    @Override
    public void install(FeatureContext ctx) {
        ctx.routes(this::routes);
        ctx.openApi("openapi/ops.json");
    }

    private void routes(RoutesConfig r) {
        r.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
        // Not ready while draining (the balancer moves new clients elsewhere) or while the shared
        // store is lost (this node still serves its sockets, but limits and presence are only local).
        r.get("/readyz", ctx -> {
            boolean dbUp = db.isReachable();
            boolean shared = cluster.reachable();
            boolean draining = drain.draining();
            boolean ready = dbUp && shared && !draining;
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : draining ? "draining" : "unavailable",
                    "database", dbUp ? "up" : "down", "cluster", shared ? "up" : "down"));
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }
}
