package io.juntos;

import ch.qos.logback.classic.Level;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.juntos.activity.ActivityFeature;
import io.juntos.activity.ActivityLog;
import io.juntos.assist.AssistFeature;
import io.juntos.auth.AuthFeature;
import io.juntos.calls.CallsFeature;
import io.juntos.auth.TokenKeys;
import io.juntos.bus.Bus;
import io.juntos.bus.InProcessBus;
import io.juntos.bus.RedisBus;
import io.juntos.cluster.ClusterConfig;
import io.juntos.cluster.ClusterState;
import io.juntos.cluster.Drain;
import io.juntos.config.ConfigException;
import io.juntos.config.CoreConfig;
import io.juntos.conversations.ConversationsFeature;
import io.juntos.lists.ListsFeature;
import io.juntos.rooms.RoomsFeature;
import io.juntos.gateway.Frames;
import io.juntos.gateway.Gateway;
import io.juntos.gateway.GatewayConfig;
import io.juntos.gateway.GatewayFeature;
import io.juntos.config.Env;
import io.juntos.http.ApiDocs;
import io.juntos.http.Bodies;
import io.juntos.http.ClientAddress;
import io.juntos.http.Json;
import io.juntos.http.Problems;
import io.juntos.http.RequestIds;
import io.juntos.http.SecurityHeaders;
import io.juntos.media.MediaFeature;
import io.juntos.oidc.OidcFeature;
import io.juntos.ops.HttpMetrics;
import io.juntos.ops.OpsFeature;
import io.juntos.push.PushFeature;
import io.juntos.store.Database;
import io.juntos.web.WebFeature;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: builds the platform (config, clock, store, bus, auth core, gateway), then
 * installs each feature through its own {@link FeatureContext}, and starts one Javalin server with
 * what they registered. Each feature is one line in {@link #features}. Features stop in reverse
 * order; when one fails to start, what was opened before it is closed.
 */
public final class Juntos implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Juntos.class);

    private final Javalin app;
    private final Platform platform;
    private final List<Feature> features;
    private final List<FeatureContext.StopHook> stopHooks;

    private Juntos(Javalin app, Platform platform, List<Feature> features, List<FeatureContext.StopHook> stopHooks) {
        this.app = app;
        this.platform = platform;
        this.features = features;
        this.stopHooks = stopHooks;
    }

    /**
     * The features, in install order: one line each. A feature's constructor only keeps what it is
     * given (platform parts, other features' public APIs); it opens nothing until {@link Feature#install}.
     */
    private static List<Feature> features(Platform p, AuthFeature.Core auth, PrometheusMeterRegistry registry) {
        var authFeature = new AuthFeature(p, auth);
        var media = new MediaFeature(p); // conversations attach media to messages through media.media()
        var conversations = new ConversationsFeature(p, media); // assist and push read conversations through its reader()
        var push = new PushFeature(p, conversations.reader()); // installed last; rooms, lists and calls push through its notifier()
        var rooms = new RoomsFeature(p, media, conversations, push.notifier()); // a room's chat is a conversations group chat
        return List.of(
                new OpsFeature(p.db(), registry, p.cluster(), p.drain()),
                authFeature,
                OidcFeature.create(p, authFeature), // sign-in with identity providers issues sessions through auth
                new ActivityFeature(p.activity(), p.authenticator()),
                new GatewayFeature(p),
                media,
                conversations,
                rooms,
                new AssistFeature(p, conversations.reader()),
                new ListsFeature(p, media, push::notifier), // attachments are media; assignees are pushed through push
                push,
                new CallsFeature(p, conversations, rooms, push)); // membership from conversations and rooms; rings through push
    }

    public static Juntos start(Env env) {
        return start(env, Clock.systemUTC(), bus(env), List.of());
    }

    /**
     * The Redis bus when {@code JUNTOS_REDIS_URL} is set (several nodes), else the in-process one.
     * An unreachable Redis stops startup: a node that silently ran alone would split the cluster.
     */
    public static Bus bus(Env env) {
        String url = env.secret("JUNTOS_REDIS_URL"); // may carry a password: never echoed
        if (url == null) return new InProcessBus();
        String where;
        try {
            var uri = io.lettuce.core.RedisURI.create(url.trim());
            where = uri.getHost() + ":" + uri.getPort();
        } catch (RuntimeException e) {
            throw new ConfigException("JUNTOS_REDIS_URL", "must look like redis://host:6379/0");
        }
        try {
            return RedisBus.connect(url.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("JUNTOS_REDIS_URL", "cannot connect to Redis at " + where + " (" + rootMessage(e) + ")");
        }
    }

    /**
     * Starts with a given clock and bus (tests drive time; a cluster passes its bus) and, after the
     * built-in ones, extra features (tests add their own through the same context). The bus is
     * closed with the server.
     */
    public static Juntos start(Env env, Clock clock, Bus bus, List<java.util.function.Function<Platform, Feature>> extra) {
        CoreConfig config;
        try {
            config = CoreConfig.from(env);
            setLogLevel(config.logLevel());
            createDataDir(config);
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        Database db;
        try {
            db = openDatabase(config, registry);
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
        var assembly = new FeatureContext.Assembly();
        try {
            byte[] tokenKey = TokenKeys.load(config.tokenKey(), config.dataDir());
            var mapper = Json.strictMapper();
            var apiDocs = new ApiDocs(mapper);
            var auth = AuthFeature.Core.create(db.jdbi(), tokenKey, config, bus, clock);
            var activity = new ActivityLog(db.jdbi(), mapper, clock);
            var gateway = new Gateway(bus, new Frames(mapper), GatewayConfig.from(env), clock);
            var clusterConfig = ClusterConfig.from(env);
            var cluster = ClusterState.open(clusterConfig, db.jdbi(), tokenKey, clock);
            assembly.stopHooks.add(new FeatureContext.StopHook("cluster", cluster::close)); // closed last
            Platform p = new Platform(env, config, clock, mapper, new Bodies(mapper, config.maxBodyBytes()), db, bus, registry, apiDocs,
                    new ClientAddress(config.trustProxy()), auth.authenticator(), auth.users(), activity, gateway,
                    clusterConfig, cluster, new Drain());
            List<Feature> features = new ArrayList<>(features(p, auth, registry));
            extra.forEach(f -> features.add(f.apply(p)));
            for (Feature f : features) f.install(new FeatureContext(p, f.getClass().getSimpleName(), assembly));
            log.info("limits {}", assembly.limits);
            Javalin app = server(p, assembly, registry);
            log.info("juntos started url={} port={} db={}", config.publicUrl(), app.port(), db.dialect());
            return new Juntos(app, p, features, assembly.stopHooks);
        } catch (RuntimeException e) {
            stopAll(assembly.stopHooks);
            bus.close();
            db.close();
            throw e;
        }
    }

    /** Builds and starts Javalin with what the features registered. */
    private static Javalin server(Platform p, FeatureContext.Assembly assembly, PrometheusMeterRegistry registry) {
        CoreConfig config = p.config();
        var problems = new Problems(p.json());
        var headers = new SecurityHeaders(assembly.csp);
        var httpMetrics = new HttpMetrics(registry);
        Javalin app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(p.json(), false));
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.prefer405over404 = true;
            var jettyProblems = new io.juntos.http.JettyProblems(p.json());
            cfg.jetty.modifyServer(server -> server.setErrorHandler(jettyProblems));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(jettyProblems));
            cfg.startup.showJavalinBanner = false;
            cfg.events.handlerAdded(h -> p.apiDocs().recordRoute(h.getHttpMethod().name(), h.getPath()));
            cfg.requestLogger.http((ctx, ms) -> {
                httpMetrics.record(ctx, ms);
                MDC.put("req", RequestIds.current(ctx));
                log.info("http method={} path={} status={} ms={}", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", ms));
                MDC.remove("req");
            });
            cfg.routes.before(ctx -> {
                p.drain().requestStarted();
                ctx.attribute("juntos.inflight", Boolean.TRUE);
                RequestIds.assign(ctx);
                headers.apply(ctx);
                io.juntos.http.InputGuard.check(ctx);
            });
            cfg.routes.after(ctx -> {
                MDC.remove("req");
                if (ctx.attribute("juntos.inflight") != null) p.drain().requestEnded();
            });
            problems.install(cfg.routes);
            p.apiDocs().install(cfg.routes);
            assembly.routes.forEach(r -> r.accept(cfg.routes));
            WebFeature.configure(cfg);
            GatewayFeature.configure(cfg, p.gateway().config());
        });
        try {
            app.start(config.bindAddress(), config.port());
        } catch (RuntimeException e) {
            app.stop();
            throw new ConfigException("JUNTOS_PORT", "cannot listen on " + config.bindAddress() + ":" + config.port() + " (" + rootMessage(e) + ")");
        }
        return app;
    }

    /** Runs stop hooks newest first; one failing does not keep the others from running. */
    private static void stopAll(List<FeatureContext.StopHook> hooks) {
        for (int i = hooks.size() - 1; i >= 0; i--) {
            var h = hooks.get(i);
            try {
                h.hook().run();
            } catch (RuntimeException e) {
                log.error("stopping {} failed", h.feature(), e);
            }
        }
    }

    public int port() {
        return app.port();
    }

    public Platform platform() {
        return platform;
    }

    /** The installed feature of a type (tests and the composition root use it to reach a feature's API). */
    public <T extends Feature> T feature(Class<T> type) {
        return features.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no feature " + type.getSimpleName()));
    }

    /**
     * SIGTERM: drains (readyz 503, upgrades refused, sockets closed in batches with 4012, requests
     * finished) within {@code JUNTOS_DRAIN_TIMEOUT}, then closes.
     */
    public void drainAndClose() {
        platform.drain().run(platform.clusterConfig().drainTimeout());
        close();
    }

    @Override
    public void close() {
        app.stop();
        stopAll(stopHooks);
        platform.bus().close();
        platform.db().close();
    }

    private static void createDataDir(CoreConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("JUNTOS_DATA_DIR", "cannot create " + config.dataDir());
        }
    }

    private static Database openDatabase(CoreConfig config, PrometheusMeterRegistry registry) {
        Database db = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(), registry);
        try {
            return db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw new ConfigException("JUNTOS_DB_URL", "cannot open or migrate the database (" + rootMessage(e) + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private static void setLogLevel(String level) {
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level));
    }
}
