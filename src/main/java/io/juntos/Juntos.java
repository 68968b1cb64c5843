package io.juntos;

import ch.qos.logback.classic.Level;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.juntos.activity.ActivityFeature;
import io.juntos.activity.ActivityLog;
import io.juntos.auth.AuthFeature;
import io.juntos.auth.TokenKeys;
import io.juntos.bus.Bus;
import io.juntos.bus.InProcessBus;
import io.juntos.config.ConfigException;
import io.juntos.config.CoreConfig;
import io.juntos.conversations.ConversationsFeature;
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
import io.juntos.ops.HttpMetrics;
import io.juntos.ops.OpsFeature;
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
 * The composition root: builds the platform (config, store, bus, auth core) and then each
 * feature by hand, and starts one Javalin server. Each feature is one line in {@link #features}.
 */
public final class Juntos implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Juntos.class);

    private final Javalin app;
    private final Platform platform;
    private final List<Feature> features;

    private Juntos(Javalin app, Platform platform, List<Feature> features) {
        this.app = app;
        this.platform = platform;
        this.features = features;
    }

    /** The features, in install order. Add a feature here, built from the platform parts it needs. */
    private static List<Feature> features(Platform p, AuthFeature.Core auth, PrometheusMeterRegistry registry) {
        List<Feature> list = new ArrayList<>();
        list.add(new OpsFeature(p.db(), registry));
        list.add(AuthFeature.create(auth, p.db().jdbi(), p.bodies(), p.clientAddress(), p.activity(), p.bus(), p.config(), p.clock(), p.env()));
        list.add(new ActivityFeature(p.activity(), p.authenticator()));
        var gateway = GatewayFeature.create(p); // other real-time features register on gateway.gateway()
        list.add(gateway);
        var media = MediaFeature.create(p); // conversations attach media to messages through media.media()
        list.add(media);
        var conversations = ConversationsFeature.create(p, gateway, media.media());
        list.add(conversations);
        list.add(io.juntos.rooms.RoomsFeature.create(p, gateway, media.media(), conversations.chats())); // rooms' chat is a conversations group chat
        return list;
    }

    /** OpenAPI fragments, one per feature, under {@code src/main/resources/openapi/}. */
    private static final List<String> API_DOCS = List.of("openapi/ops.json", "openapi/auth.json", "openapi/activity.json",
            "openapi/conversations.json", "openapi/media.json", "openapi/rooms.json");

    public static Juntos start(Env env) {
        CoreConfig config = CoreConfig.from(env);
        setLogLevel(config.logLevel());
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("JUNTOS_DATA_DIR", "cannot create " + config.dataDir());
        }
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        byte[] tokenKey = TokenKeys.load(config.tokenKey(), config.dataDir());
        Database db = openDatabase(config, registry);
        Bus bus = new InProcessBus();
        var mapper = Json.strictMapper();
        var apiDocs = new ApiDocs(mapper);
        API_DOCS.forEach(apiDocs::add);
        var auth = AuthFeature.Core.create(db.jdbi(), tokenKey, config, bus, clock);
        var activity = new ActivityLog(db.jdbi(), mapper, clock);
        Platform p = new Platform(env, config, clock, mapper, new Bodies(mapper, config.maxBodyBytes()), db, bus, registry, apiDocs,
                new ClientAddress(config.trustProxy()), auth.authenticator(), auth.users(), activity);
        List<Feature> features = features(p, auth, registry);

        var problems = new Problems(mapper);
        var headers = new SecurityHeaders(features.stream()
                .flatMap(f -> f instanceof MediaFeature m ? m.mediaOrigins().stream() : java.util.stream.Stream.<String>empty()).toList(), io.juntos.rooms.RoomsFeature.YOUTUBE_SCRIPT_ORIGINS, io.juntos.rooms.RoomsFeature.YOUTUBE_FRAME_ORIGINS);
        var httpMetrics = new HttpMetrics(registry);
        Javalin app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.startup.showJavalinBanner = false;
            cfg.events.handlerAdded(h -> apiDocs.recordRoute(h.getHttpMethod().name(), h.getPath()));
            cfg.requestLogger.http((ctx, ms) -> {
                httpMetrics.record(ctx, ms);
                MDC.put("req", RequestIds.current(ctx));
                log.info("http method={} path={} status={} ms={}", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", ms));
                MDC.remove("req");
            });
            cfg.routes.before(ctx -> {
                RequestIds.assign(ctx);
                headers.apply(ctx);
            });
            cfg.routes.after(ctx -> MDC.remove("req"));
            problems.install(cfg.routes);
            apiDocs.install(cfg.routes);
            features.forEach(f -> f.install(cfg.routes));
            WebFeature.configure(cfg);
        });
        try {
            app.start(config.bindAddress(), config.port());
        } catch (RuntimeException e) {
            db.close();
            throw new ConfigException("JUNTOS_PORT", "cannot listen on " + config.bindAddress() + ":" + config.port() + " (" + rootMessage(e) + ")");
        }
        log.info("juntos started url={} port={} db={}", config.publicUrl(), app.port(), db.dialect());
        return new Juntos(app, p, features);
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

    @Override
    public void close() {
        app.stop();
        features.forEach(Feature::stop);
        platform.bus().close();
        platform.db().close();
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
