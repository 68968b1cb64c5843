package io.juntos.ops;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Counts and times HTTP requests by method, matched route template (never the raw path, which
 * would explode the label set) and status.
 */
public final class HttpMetrics {
    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Context ctx, float millis) {
        String route;
        try {
            var matched = ctx.endpoints().matchedHttpEndpoint();
            route = matched == null ? null : matched.path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        if (route == null || route.isEmpty() || route.equals("*")) route = "unmatched";
        Timer.builder("http_server_requests")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .register(registry)
                .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }
}
