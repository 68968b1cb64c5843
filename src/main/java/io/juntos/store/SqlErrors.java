package io.juntos.store;

import org.jdbi.v3.core.JdbiException;

import java.sql.SQLException;

/**
 * Makes a failure safe to log. A database error's message can quote the data of the statement
 * (PostgreSQL: {@code invalid input syntax for type integer: "<value>"}; Jdbi renders bound
 * arguments, though {@link Database} turns that off), so a chain that holds a database error is
 * logged as its types and SQLSTATE, with the original stack trace but none of the messages.
 */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** The throwable itself when no database error is in its chain; otherwise a message-free copy. */
    public static Throwable scrub(Throwable e) {
        String state = null;
        boolean database = false;
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            if (!chain.isEmpty()) chain.append(" <- ");
            chain.append(t.getClass().getName());
            if (t instanceof SQLException sql) {
                database = true;
                if (state == null) state = sql.getSQLState();
            }
            if (t instanceof JdbiException) database = true;
        }
        if (!database) return e;
        var safe = new DatabaseFailure("database error sqlState=" + state + " (" + chain + "); messages withheld: they may quote data");
        safe.setStackTrace(e.getStackTrace());
        return safe;
    }

    /** Stands in for a database error in the log. */
    static final class DatabaseFailure extends RuntimeException {
        DatabaseFailure(String message) {
            super(message, null, false, true);
        }
    }
}
