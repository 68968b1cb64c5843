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
    void manyConcurrentWritesOnSqliteAllSucceed() throws Exception {
        // A burst of writers from virtual threads used to pin every carrier in SQLite's native
        // busy-wait and stall until the busy timeout; all must now commit promptly.
        try (var s = TestServer.start(Engine.SQLITE)) {
            var a = s.api().signup("burst");
            var me = s.api().as(a.accessToken());
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    results.add(pool.submit(() -> me.put("/api/profile", java.util.Map.of("bio", "bio " + n)).status()));
                }
                for (var f : results) assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
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
