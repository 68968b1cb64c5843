package io.juntos;

import io.javalin.config.RoutesConfig;
import io.juntos.gateway.Backfill;
import io.juntos.gateway.FrameFamily;
import io.juntos.gateway.Gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a feature is handed at start: the shared platform parts and one place to register
 * everything it adds. Registrations are collected here and applied when the server is built
 * (routes) or right away (frames, streams), so a feature never touches the composition root.
 * One context per feature: it knows the feature's name for error messages and ownership checks.
 */
public final class FeatureContext {
    private final Platform platform;
    private final String feature;
    private final Assembly assembly;

    FeatureContext(Platform platform, String feature, Assembly assembly) {
        this.platform = platform;
        this.feature = feature;
        this.assembly = assembly;
    }

    public Platform platform() {
        return platform;
    }

    /** The gateway, for publishing events and connection hooks; frames are registered through {@link #frames}. */
    public Gateway gateway() {
        return platform.gateway();
    }

    /** The feature's name (its class's simple name), as used in start-up errors. */
    public String feature() {
        return feature;
    }

    /** HTTP routes (and before/after filters), applied when the server is built. */
    public void routes(Consumer<RoutesConfig> routes) {
        assembly.routes.add(routes);
    }

    /** The feature's OpenAPI fragment on the classpath, e.g. {@code openapi/conversations.json}. */
    public void openApi(String resource) {
        platform.apiDocs().add(resource);
    }

    /**
     * Sources a CSP directive must allow for this feature, e.g. {@code csp("frame-src", "https://www.youtube-nocookie.com")}.
     * Only fetch directives may be widened; the defaults stay strict (see {@code SecurityHeaders}).
     */
    public FeatureContext csp(String directive, String... sources) {
        var list = assembly.csp.computeIfAbsent(directive, d -> new ArrayList<>());
        for (String s : sources) if (!list.contains(s)) list.add(s);
        return this;
    }

    /**
     * Claims frame families for this feature ({@code "message."} for every {@code message.*} type,
     * or an exact type such as {@code "typing"}); the returned registry refuses any other type.
     * Two features claiming the same family fail at start.
     */
    public FrameFamily frames(String... families) {
        return platform.gateway().family(feature, families);
    }

    /** A sequenced stream {@code <prefix><id>} the gateway can replay on resume, read back by {@code source}. */
    public void stream(String prefix, Backfill source) {
        platform.gateway().backfill(prefix, source);
    }

    /** Declares the feature's limits (a record or map of named values), listed together at start. */
    public void limits(Object limits) {
        assembly.limits.put(feature, limits);
    }

    /**
     * Account hooks: a feature holding per-person data registers how to erase it when an account is
     * deleted, and whether two people share one of its spaces (who may see whose profile).
     */
    public io.juntos.auth.AccountHooks accounts() {
        return assembly.accounts;
    }

    /** Runs when the server stops, or when a later feature fails to start; hooks run in reverse order. */
    public void onStop(Runnable hook) {
        assembly.stopHooks.add(new StopHook(feature, hook));
    }

    record StopHook(String feature, Runnable hook) {
    }

    /** What the features registered, in order. */
    static final class Assembly {
        final List<Consumer<RoutesConfig>> routes = new ArrayList<>();
        final Map<String, List<String>> csp = new LinkedHashMap<>();
        final Map<String, Object> limits = new LinkedHashMap<>();
        final List<StopHook> stopHooks = new ArrayList<>();
        final io.juntos.auth.AccountHooks accounts = new io.juntos.auth.AccountHooks();
    }
}
