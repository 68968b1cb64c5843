package io.juntos.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The store: one pool (a single connection for SQLite, see the constructor), migrations on start, and a {@link Jdbi} for plain SQL. SQLite runs in WAL
 * mode with a busy timeout, foreign keys on and IMMEDIATE transactions, because a deferred
 * read-then-write transaction in WAL mode fails at once (SQLITE_BUSY_SNAPSHOT) instead of waiting.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    public Database(String url, String user, String password, int poolSize, MeterRegistry metrics) {
        this.dialect = Dialect.of(url);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setPoolName("juntos-db");
        if (user != null) hc.setUsername(user);
        if (password != null) hc.setPassword(password);
        // SQLite allows one writer at a time, and a writer waiting for the lock busy-waits inside
        // native code, which pins its virtual thread to a carrier: with as many waiters as cores,
        // the lock holder never gets a carrier back and everything stalls until the busy timeout.
        // One connection moves all waiting into the pool, where virtual threads park properly.
        // Jdbi reuses a thread's open handle for nested calls, so nesting cannot deadlock on it.
        hc.setMaximumPoolSize(dialect == Dialect.SQLITE ? 1 : poolSize);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(-1);
        if (dialect == Dialect.SQLITE) {
            ensureParentFolder(url);
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "NORMAL");
            hc.addDataSourceProperty("busy_timeout", "10000");
            hc.addDataSourceProperty("foreign_keys", "true");
            hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        if (dialect == Dialect.POSTGRES) {
            // The server's DETAIL ("Key (email_key)=(ana@…) already exists") carries row values into
            // exception messages and so into logs; keep them out (the SQLSTATE and constraint remain).
            hc.addDataSourceProperty("logServerErrorDetail", "false");
        }
        if (metrics != null) hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        this.dataSource = new HikariDataSource(hc);
        this.jdbi = Jdbi.create(dataSource);
        // Jdbi renders bound arguments into exception messages by default (password hashes, join
        // codes, message text would reach the log of any failed statement): render none.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    }

    /** Applies every pending migration from {@code classpath:db/migration}; the same files for both engines. */
    public Database migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return this;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when a connection can be had and answers a trivial query within two seconds. */
    public boolean isReachable() {
        try (var c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void ensureParentFolder(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        if (q >= 0) file = file.substring(0, q);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database folder " + parent, e);
        }
    }
}
