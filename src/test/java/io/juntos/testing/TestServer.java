package io.juntos.testing;

import io.juntos.Feature;
import io.juntos.Juntos;
import io.juntos.Platform;
import io.juntos.bus.InProcessBus;
import io.juntos.config.Env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real Juntos server on a free port, with a fresh data folder and a fresh database: a new
 * SQLite file, or a new schema in the test PostgreSQL database (dropped on close).
 */
public final class TestServer implements AutoCloseable {
    private final Juntos juntos;
    private final Engine engine;
    private final Path dataDir;
    private final String pgSchema;

    private TestServer(Juntos juntos, Engine engine, Path dataDir, String pgSchema) {
        this.juntos = juntos;
        this.engine = engine;
        this.dataDir = dataDir;
        this.pgSchema = pgSchema;
    }

    public static TestServer start(Engine engine) {
        return start(engine, Map.of());
    }

    public static TestServer start(Engine engine, Map<String, String> extra) {
        return with(engine).env(extra).start();
    }

    /** A server with more than the defaults: environment, a test clock, extra (test-only) features. */
    public static Builder with(Engine engine) {
        return new Builder(engine);
    }

    public static final class Builder {
        private final Engine engine;
        private final Map<String, String> env = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private final List<Function<Platform, Feature>> features = new ArrayList<>();

        private Builder(Engine engine) {
            this.engine = engine;
        }

        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** One more feature, installed after the built-in ones through the same context. */
        public Builder feature(Function<Platform, Feature> feature) {
            features.add(feature);
            return this;
        }

        public TestServer start() {
            return TestServer.start(engine, env, clock, features);
        }
    }

    private static TestServer start(Engine engine, Map<String, String> extra, Clock clock, List<Function<Platform, Feature>> features) {
        try {
            Path dir = Files.createTempDirectory("juntos-test-");
            Map<String, String> vars = new HashMap<>();
            vars.put("JUNTOS_PORT", "0");
            vars.put("JUNTOS_BIND", "127.0.0.1");
            vars.put("JUNTOS_DATA_DIR", dir.toString());
            vars.put("JUNTOS_LOG_LEVEL", "WARN");
            vars.put("JUNTOS_PUBLIC_URL", "http://localhost:8080");
            vars.put("JUNTOS_ALLOWED_ORIGINS", "http://localhost:8080");
            // Tests sign up many users from one address; the per-address limits have their own test.
            vars.put("JUNTOS_LIMIT_SIGNUP_PER_ADDRESS", "100000/1h");
            vars.put("JUNTOS_LIMIT_AUTH_PER_ADDRESS", "100000/1m");
            // Likewise the per-user limits (their own tests lower them): tests send and connect a lot.
            vars.put("JUNTOS_LIMIT_MESSAGES_PER_USER", "100000/1m");
            vars.put("JUNTOS_LIMIT_CONVERSATIONS_PER_USER", "100000/1h");
            vars.put("JUNTOS_WS_SOCKETS_PER_USER", "10000");
            String schema = null;
            if (engine == Engine.POSTGRES) {
                Services.requirePostgres();
                schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                try (var c = DriverManager.getConnection(Services.PG_URL); var st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + schema);
                }
                vars.put("JUNTOS_DB_URL", Services.PG_URL + (Services.PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
                vars.put("JUNTOS_DB_POOL_SIZE", "5");
            }
            vars.putAll(extra);
            return new TestServer(Juntos.start(new Env(vars), clock, new InProcessBus(), features), engine, dir, schema);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start a test server", e);
        }
    }

    public Juntos juntos() {
        return juntos;
    }

    public Engine engine() {
        return engine;
    }

    public int port() {
        return juntos.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Api api() {
        return new Api(baseUrl());
    }

    @Override
    public void close() {
        juntos.close();
        if (pgSchema != null) {
            try (var c = DriverManager.getConnection(Services.PG_URL); var st = c.createStatement()) {
                st.execute("DROP SCHEMA " + pgSchema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop test schema " + pgSchema + ": " + e.getMessage());
            }
        }
    }
}
