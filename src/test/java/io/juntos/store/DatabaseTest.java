package io.juntos.store;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {

    @Test
    void sqliteRunsInWalModeWithForeignKeysAndABusyTimeout() throws Exception {
        var dir = Files.createTempDirectory("juntos-db-");
        try (var db = new Database("jdbc:sqlite:" + dir.resolve("t.db"), null, null, 2, null).migrate()) {
            assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
            var h = db.jdbi();
            assertThat((String) h.withHandle(x -> x.createQuery("PRAGMA journal_mode").mapTo(String.class).one())).isEqualToIgnoringCase("wal");
            assertThat((Integer) h.withHandle(x -> x.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one())).isEqualTo(1);
            assertThat((Integer) h.withHandle(x -> x.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one())).isEqualTo(10000);
            assertThat(Files.exists(dir.resolve("t.db"))).isTrue();
        }
    }

    @Test
    void bothEnginesGetTheSameTablesFromTheSameMigrations() {
        Set<String> sqlite;
        Set<String> pg;
        try (var s = TestServer.start(Engine.SQLITE)) {
            sqlite = new HashSet<>(s.juntos().platform().db().jdbi().withHandle(h ->
                    h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway%'")
                            .mapTo(String.class).list()));
        }
        try (var s = TestServer.start(Engine.POSTGRES)) {
            pg = new HashSet<>(s.juntos().platform().db().jdbi().withHandle(h ->
                    h.createQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'flyway%'")
                            .mapTo(String.class).list()));
        }
        assertThat(sqlite).contains("users", "sessions", "refresh_tokens", "activity");
        assertThat(pg).containsAll(Set.of("users", "sessions", "refresh_tokens", "activity"));
    }

    @Test
    void foreignKeysAreEnforcedOnSqlite() throws Exception {
        var dir = Files.createTempDirectory("juntos-fk-");
        try (var db = new Database("jdbc:sqlite:" + dir.resolve("t.db"), null, null, 2, null).migrate()) {
            var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> db.jdbi().useHandle(h ->
                    h.execute("INSERT INTO sessions (id, user_id, device, created_at, last_used_at, expires_at) VALUES ('s', 'no-such-user', 'd', 0, 0, 0)")));
            assertThat(thrown).isNotNull();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void manyConcurrentWritersOnSqliteAllCommitPromptly() throws Exception {
        // A burst of writers on virtual threads used to pin every carrier in SQLite's native
        // busy-wait and stall until the busy timeout; all must now commit promptly.
        var dir = Files.createTempDirectory("juntos-burst-");
        try (var db = new Database("jdbc:sqlite:" + dir.resolve("t.db"), null, null, 8, null).migrate()) {
            db.jdbi().useHandle(h -> h.execute("INSERT INTO users (id, username, username_key, email, email_key, full_name, password_hash, created_at, updated_at) "
                    + "VALUES ('u', 'u', 'u', 'u@x', 'u@x', 'U', 'x', 0, 0)"));
            long start = System.nanoTime();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    pool.submit(() -> {
                        db.jdbi().useTransaction(h -> {
                        int count = h.createQuery("SELECT COUNT(*) FROM activity").mapTo(Integer.class).one();
                        Thread.sleep(1); // the holder unmounts here, as on any blocking call mid-transaction
                        h.createUpdate("INSERT INTO activity (id, user_id, kind, created_at) VALUES (:id, 'u', 'k', :n)")
                                .bind("id", Ids.newId()).bind("n", count + n).execute();
                        });
                        return null;
                    });
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM activity").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(200);
            assertThat(millis).as("200 small transactions must not wait for busy timeouts").isLessThan(9_000);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aNestedHandleInsideATransactionReusesSqlitesOnlyConnection() throws Exception {
        // With one pooled connection, a repository opening its own handle inside another's
        // transaction would wait forever for the connection its own thread holds, unless Jdbi
        // hands it the thread's open handle; this pins that behaviour down.
        var dir = Files.createTempDirectory("juntos-nest-");
        try (var db = new Database("jdbc:sqlite:" + dir.resolve("t.db"), null, null, 8, null).migrate()) {
            int seen = db.jdbi().inTransaction(outer -> {
                outer.execute("INSERT INTO users (id, username, username_key, email, email_key, full_name, password_hash, created_at, updated_at) "
                        + "VALUES ('n', 'n', 'n', 'n@x', 'n@x', 'N', 'x', 0, 0)");
                return db.jdbi().withHandle(inner -> inner.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
            });
            assertThat(seen).as("the nested handle sees the outer transaction's uncommitted row").isEqualTo(1);
        }
    }

    @Test
    void idsAreWellFormedUniqueAndSortByTime() throws Exception {
        String a = Ids.newId();
        Thread.sleep(2);
        String b = Ids.newId();
        assertThat(Ids.isWellFormed(a)).isTrue();
        assertThat(a).isLessThan(b);
        assertThat(Ids.isWellFormed("../../etc/passwd")).isFalse();
    }
}
