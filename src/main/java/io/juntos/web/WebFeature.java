package io.juntos.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

/**
 * Serves the web client (ES modules under {@code /web} in the jar) at {@code /}. Client routes
 * are hash-based, so no server-side fallback is needed. HTML is never cached so that a new jar's
 * modules are picked up on reload.
 */
public final class WebFeature {
    private WebFeature() {
    }

    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
        });
    }
}
