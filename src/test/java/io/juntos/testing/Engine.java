package io.juntos.testing;

/** The SQL engines every store-backed test runs against. */
public enum Engine {
    SQLITE,
    POSTGRES
}
