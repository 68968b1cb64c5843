package io.juntos.store;

/** The two SQL engines we run on. Dialect differences are named here and kept few. */
public enum Dialect {
    SQLITE,
    POSTGRES;

    public static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRES : SQLITE;
    }
}
