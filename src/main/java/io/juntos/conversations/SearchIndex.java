package io.juntos.conversations;

import io.juntos.http.ApiException;
import io.juntos.store.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Full-text search over message text, the one place where the engines differ. The structures are
 * created here at start, idempotently, rather than in the shared Flyway migration, because an
 * FTS5 virtual table is SQLite-only syntax:
 * <ul>
 * <li>SQLite: an FTS5 table keyed by the messages table's rowid (we never VACUUM, which could renumber
 *     rowids; a VACUUM must be followed by a rebuild), with {@code secure-delete} so that deleting
 *     a message also erases its words from the index;</li>
 * <li>PostgreSQL: a GIN expression index on {@code to_tsvector('simple', body)}; a deleted message
 *     has a NULL body, so nothing of it remains indexed.</li>
 * </ul>
 * User input never reaches the query syntax: it is cut into words, each searched as a prefix.
 */
final class SearchIndex {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private final Dialect dialect;

    SearchIndex(Dialect dialect) {
        this.dialect = dialect;
    }

    void ensure(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            switch (dialect) {
                case SQLITE -> {
                    h.execute("CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')");
                    h.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('secure-delete', 1)");
                }
                case POSTGRES -> h.execute("CREATE INDEX IF NOT EXISTS messages_body_search ON messages USING GIN (to_tsvector('simple', COALESCE(body, '')))");
            }
        });
    }

    void index(Handle h, String messageId, String body) {
        if (dialect == Dialect.SQLITE) {
            h.createUpdate("INSERT INTO messages_fts(rowid, body) SELECT rowid, :body FROM messages WHERE id = :id")
                    .bind("id", messageId).bind("body", body).execute();
        }
    }

    void remove(Handle h, String messageId) {
        if (dialect == Dialect.SQLITE) {
            h.createUpdate("DELETE FROM messages_fts WHERE rowid = (SELECT rowid FROM messages WHERE id = :id)").bind("id", messageId).execute();
        }
    }

    void reindex(Handle h, String messageId, String body) {
        remove(h, messageId);
        index(h, messageId, body);
    }

    /** The caller's matching messages, newest first; {@code before} is a message id cursor. */
    List<Message> search(Handle h, String userId, String text, String conversationId, String before, int limit) {
        List<String> words = words(text);
        if (words.isEmpty()) throw ApiException.invalid("q", "too_short", "Search for at least one word.");
        String match = switch (dialect) {
            case SQLITE -> "messages_fts MATCH :q";
            case POSTGRES -> "to_tsvector('simple', COALESCE(m.body, '')) @@ to_tsquery('simple', :q)";
        };
        String from = switch (dialect) {
            case SQLITE -> "messages_fts f JOIN messages m ON m.rowid = f.rowid";
            case POSTGRES -> "messages m";
        };
        String q = switch (dialect) {
            case SQLITE -> String.join(" ", words.stream().map(w -> "\"" + w + "\"*").toList());
            case POSTGRES -> String.join(" & ", words.stream().map(w -> w + ":*").toList());
        };
        StringBuilder sql = new StringBuilder("SELECT " + MessageStore.COLUMNS + " FROM " + from
                + " JOIN conversation_members me ON me.conversation_id = m.conversation_id AND me.user_id = :u WHERE " + match
                + " AND m.deleted_at IS NULL");
        if (conversationId != null) sql.append(" AND m.conversation_id = :c");
        if (before != null) sql.append(" AND m.id < :before");
        sql.append(" ORDER BY m.id DESC LIMIT :l");
        var query = h.createQuery(sql.toString()).bind("u", userId).bind("q", q).bind("l", limit);
        if (conversationId != null) query.bind("c", conversationId);
        if (before != null) query.bind("before", before);
        return query.map((rs, x) -> MessageStore.map(rs)).list();
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        Matcher m = WORD.matcher(text.toLowerCase(java.util.Locale.ROOT));
        while (m.find() && out.size() < 10) out.add(m.group());
        return out;
    }
}
