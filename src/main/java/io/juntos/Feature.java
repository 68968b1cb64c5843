package io.juntos;

import io.javalin.config.RoutesConfig;

/**
 * A feature package's entry point: it registers its routes (and gateway handlers) on start.
 * Features are built by hand in {@link Juntos}, each from the few platform parts it needs.
 */
public interface Feature {
    void install(RoutesConfig routes);

    /** Called once when the server stops; features close what they own. */
    default void stop() {
    }
}
