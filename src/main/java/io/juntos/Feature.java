package io.juntos;

/**
 * A feature package's entry point. Its constructor only keeps the few things it is given (other
 * features' public APIs); {@link #install} builds the rest and registers, through the one
 * {@link FeatureContext}, everything the feature adds: routes, frame handlers, streams, its OpenAPI
 * fragment, CSP sources, limits and a stop hook. Features are listed in {@link Juntos#features}.
 */
public interface Feature {
    /** Called once at start, in list order; whatever it opened is closed by a hook given to {@link FeatureContext#onStop}. */
    void install(FeatureContext ctx);
}
