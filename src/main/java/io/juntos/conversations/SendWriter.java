package io.juntos.conversations;

import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.media.Media;
import io.juntos.media.MediaView;
import io.juntos.store.Dialect;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a batch of sends in one transaction (the {@link GroupCommit} committer), with as few
 * statements as a send can take: per batch, one locked read of each conversation's last seq and,
 * at the end, one update of it and one marker update per sender; per message, the insert and
 * (SQLite) its search-index row. Nothing written is read back: the message returned and announced
 * is built from what was inserted.
 * <p>
 * Idempotency rides on the unique index (conversation, sender, clientMsgId): the insert does
 * nothing on a conflict and only then is the original read, whether it committed long ago, on
 * another node, or earlier in this very batch. A seq is consumed only by a row that was inserted,
 * so the numbers stay gapless. A send with attachments runs in a savepoint, so that a bad file
 * refuses that send alone; any other failure fails the whole batch (nothing of it commits, no
 * item is acknowledged).
 */
final class SendWriter implements GroupCommit.Committer<SendWriter.Pending, SendWriter.Outcome> {
    private static final Logger log = LoggerFactory.getLogger(SendWriter.class);

    record Pending(String userId, Messages.SendRequest request, long now) {
    }

    sealed interface Outcome {
        record Done(Messages.Sent sent) implements Outcome {
        }

        record Refused(ApiException problem) implements Outcome {
        }
    }

    private static final String INSERT = """
            INSERT INTO messages (id, conversation_id, seq, sender_id, client_msg_id, kind, body, reply_to_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, sender_id, client_msg_id) DO NOTHING""";
    // Right after its insert, so last_insert_rowid() is the message's rowid (no lookup by id).
    private static final String INDEX_SQLITE = "INSERT INTO messages_fts(rowid, body) VALUES (last_insert_rowid(), ?)";
    private static final String SET_LAST_SEQ = "UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ?";
    private static final String SENDER_MARKERS = """
            UPDATE conversation_members SET
              delivered_seq = CASE WHEN delivered_seq < ? THEN ? ELSE delivered_seq END,
              read_seq = CASE WHEN read_seq < ? THEN ? ELSE read_seq END
            WHERE conversation_id = ? AND user_id = ?""";

    /** The batch's transaction failed: none of its sends was saved. */
    static final class BatchFailed extends RuntimeException {
        BatchFailed(SQLException cause) {
            super("send batch failed: " + cause.getSQLState(), cause);
        }
    }

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final MessageStore messages;
    private final Media media;
    private final Gateway gateway;

    SendWriter(Jdbi jdbi, Dialect dialect, MessageStore messages, Media media, Gateway gateway) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.messages = messages;
        this.media = media;
        this.gateway = gateway;
    }

    @Override
    public List<Outcome> commit(List<Pending> batch) {
        List<Outcome> out;
        try {
            out = jdbi.inTransaction(h -> write(h, batch));
        } catch (SQLException e) {
            throw new BatchFailed(e);
        }
        announce(out);
        return out;
    }

    /** Per-batch state: each conversation's last seq (-1: no such conversation) and each sender's newest seq. */
    private static final class Tally {
        final Map<String, long[]> lastSeq = new HashMap<>();
        final Map<String, long[]> changed = new LinkedHashMap<>();
        final Map<List<String>, Long> senderSeq = new LinkedHashMap<>();
        long now;
    }

    private List<Outcome> write(Handle h, List<Pending> batch) throws SQLException {
        Connection conn = h.getConnection();
        Tally t = new Tally();
        // Sorted: two writers (stripes or nodes) lock the rows they share in the same order, never in a cycle.
        for (String c : new TreeSet<>(batch.stream().map(p -> p.request().conversationId()).toList())) {
            t.lastSeq.put(c, new long[]{lockedLastSeq(conn, c)});
        }
        List<Outcome> out = new ArrayList<>(batch.size());
        try (PreparedStatement insert = conn.prepareStatement(INSERT);
             PreparedStatement index = dialect == Dialect.SQLITE ? conn.prepareStatement(INDEX_SQLITE) : null) {
            for (Pending p : batch) out.add(one(h, conn, insert, index, p, t));
        }
        try (PreparedStatement ps = conn.prepareStatement(SET_LAST_SEQ)) {
            for (var e : t.changed.entrySet()) {
                ps.setLong(1, e.getValue()[0]);
                ps.setLong(2, t.now);
                ps.setString(3, e.getKey());
                ps.addBatch();
            }
            if (!t.changed.isEmpty()) ps.executeBatch();
        }
        // The sender has, by definition, seen their own messages.
        try (PreparedStatement ps = conn.prepareStatement(SENDER_MARKERS)) {
            for (var e : t.senderSeq.entrySet()) {
                long seq = e.getValue();
                ps.setLong(1, seq);
                ps.setLong(2, seq);
                ps.setLong(3, seq);
                ps.setLong(4, seq);
                ps.setString(5, e.getKey().get(0));
                ps.setString(6, e.getKey().get(1));
                ps.addBatch();
            }
            if (!t.senderSeq.isEmpty()) ps.executeBatch();
        }
        return out;
    }

    private long lockedLastSeq(Connection conn, String conversationId) throws SQLException {
        // SQLite: the IMMEDIATE transaction holds the database's write lock already; PostgreSQL: the row's.
        String sql = "SELECT last_seq FROM conversations WHERE id = ?" + (dialect == Dialect.POSTGRES ? " FOR UPDATE" : "");
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, conversationId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private Outcome one(Handle h, Connection conn, PreparedStatement insert, PreparedStatement index, Pending p, Tally t) throws SQLException {
        Messages.SendRequest r = p.request();
        long[] last = t.lastSeq.get(r.conversationId());
        if (last[0] < 0) return new Outcome.Refused(ConversationsException.conversationNotFound());
        if (r.replyToId() != null) {
            // Checked before the insert, but a retry of an accepted reply is still a retry.
            var original = messages.byClientId(h, r.conversationId(), p.userId(), r.clientMsgId());
            if (original.isPresent()) return duplicate(h, original.get());
            if (messages.byId(h, r.conversationId(), r.replyToId()).isEmpty()) {
                return new Outcome.Refused(ApiException.invalid("replyToId", "not_found", "No such message in this conversation."));
            }
        }
        boolean withFiles = !r.attachmentIds().isEmpty();
        Savepoint savepoint = withFiles ? conn.setSavepoint() : null;
        String id = Ids.newId();
        long seq = last[0] + 1;
        String text = r.text() == null ? "" : r.text();
        String kind = withFiles ? "media" : "text";
        bindInsert(insert, id, seq, p, kind, text);
        if (insert.executeUpdate() == 0) {
            if (savepoint != null) conn.releaseSavepoint(savepoint);
            return duplicate(h, messages.byClientId(h, r.conversationId(), p.userId(), r.clientMsgId()).orElseThrow());
        }
        if (index != null) {
            index.setString(1, text);
            index.executeUpdate();
        }
        List<MediaView> files = List.of();
        if (savepoint != null) {
            try {
                // media: attached in this transaction, so a message never commits without its files or with someone else's.
                files = media.attach(h, p.userId(), MessageStore.MEDIA_PARENT, id, r.attachmentIds(), "attachments");
                conn.releaseSavepoint(savepoint);
            } catch (ApiException e) {
                conn.rollback(savepoint);
                return new Outcome.Refused(e);
            }
        }
        last[0] = seq;
        t.changed.put(r.conversationId(), last);
        t.senderSeq.merge(List.of(r.conversationId(), p.userId()), seq, Math::max);
        t.now = Math.max(t.now, p.now());
        return new Outcome.Done(new Messages.Sent(new Message(id, r.conversationId(), seq, p.userId(), r.clientMsgId(), kind, text,
                r.replyToId(), Instant.ofEpochMilli(p.now()), null, null, List.of(), files), false));
    }

    private static void bindInsert(PreparedStatement insert, String id, long seq, Pending p, String kind, String text) throws SQLException {
        Messages.SendRequest r = p.request();
        insert.setString(1, id);
        insert.setString(2, r.conversationId());
        insert.setLong(3, seq);
        insert.setString(4, p.userId());
        insert.setString(5, r.clientMsgId());
        insert.setString(6, kind);
        insert.setString(7, text);
        if (r.replyToId() == null) insert.setNull(8, Types.VARCHAR);
        else insert.setString(8, r.replyToId());
        insert.setLong(9, p.now());
        insert.setLong(10, p.now());
    }

    private Outcome duplicate(Handle h, Message original) {
        return new Outcome.Done(new Messages.Sent(messages.withReactions(h, List.of(original)).getFirst(), true));
    }

    /** After the commit, in seq order; a lost announcement costs latency (resume fetches it), never the message. */
    private void announce(List<Outcome> out) {
        for (Outcome o : out) {
            if (!(o instanceof Outcome.Done(Messages.Sent s)) || s.duplicate()) continue;
            try {
                gateway.publishSequenced(Messages.topic(s.message().conversationId()), s.message().seq(), "message.created",
                        Map.of("message", s.message()));
            } catch (RuntimeException e) {
                log.warn("could not announce message conversation={} seq={}", s.message().conversationId(), s.message().seq(), e);
            }
        }
    }
}
