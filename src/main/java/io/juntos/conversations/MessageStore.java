package io.juntos.conversations;

import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for messages and reactions. Every method runs on the caller's handle (its transaction). */
final class MessageStore {
    /** media: parent type under which message attachments are registered with the media feature. */
    static final String MEDIA_PARENT = "message";

    private final io.juntos.media.Media media;

    MessageStore(io.juntos.media.Media media) {
        this.media = media;
    }

    static final String COLUMNS = "m.id, m.conversation_id, m.seq, m.sender_id, m.client_msg_id, m.kind, m.body, m.reply_to_id, "
            + "m.created_at, m.edited_at, m.deleted_at";

    static Message map(ResultSet rs) throws SQLException {
        return new Message(rs.getString("id"), rs.getString("conversation_id"), rs.getLong("seq"), rs.getString("sender_id"),
                rs.getString("client_msg_id"), rs.getString("kind"), rs.getString("body"), rs.getString("reply_to_id"),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "edited_at"), instant(rs, "deleted_at"), List.of(), List.of());
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    void insert(Handle h, String id, String conversationId, long seq, String senderId, String clientMsgId, String kind,
                String body, String replyToId, long now) {
        h.createUpdate("""
                        INSERT INTO messages (id, conversation_id, seq, sender_id, client_msg_id, kind, body, reply_to_id, created_at, updated_at)
                        VALUES (:id, :c, :seq, :sender, :cmid, :kind, :body, :reply, :now, :now)""")
                .bind("id", id).bind("c", conversationId).bind("seq", seq).bind("sender", senderId).bind("cmid", clientMsgId)
                .bind("kind", kind).bind("body", body).bind("reply", replyToId).bind("now", now).execute();
    }

    Optional<Message> byClientId(Handle h, String conversationId, String senderId, String clientMsgId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.conversation_id = :c AND m.sender_id = :s AND m.client_msg_id = :k")
                .bind("c", conversationId).bind("s", senderId).bind("k", clientMsgId).map((rs, x) -> map(rs)).findOne();
    }

    /** media: whether the user is a member of the conversation of a message that is not deleted. */
    boolean readableBy(Handle h, String messageId, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM messages m JOIN conversation_members cm ON cm.conversation_id = m.conversation_id "
                        + "WHERE m.id = :m AND cm.user_id = :u AND m.deleted_at IS NULL")
                .bind("m", messageId).bind("u", userId).mapTo(Integer.class).one() > 0;
    }

    Optional<Message> byId(Handle h, String conversationId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.id = :id AND m.conversation_id = :c")
                .bind("id", id).bind("c", conversationId).map((rs, x) -> map(rs)).findOne();
    }

    void edit(Handle h, String id, String body, long now) {
        h.createUpdate("UPDATE messages SET body = :body, edited_at = :now, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("body", body).bind("now", now).execute();
    }

    /** Delete for everyone: the content is erased, the row stays as a tombstone holding its seq. */
    void erase(Handle h, String id, long now) {
        h.createUpdate("DELETE FROM message_reactions WHERE message_id = :id").bind("id", id).execute();
        h.createUpdate("UPDATE messages SET body = NULL, deleted_at = :now, updated_at = :now WHERE id = :id").bind("id", id).bind("now", now).execute();
    }

    void touch(Handle h, String id, long now) {
        h.createUpdate("UPDATE messages SET updated_at = :now WHERE id = :id").bind("id", id).bind("now", now).execute();
    }

    boolean addReaction(Handle h, String messageId, String userId, String emoji, long now) {
        return h.createUpdate("INSERT INTO message_reactions (message_id, user_id, emoji, created_at) VALUES (:m, :u, :e, :now) ON CONFLICT DO NOTHING")
                .bind("m", messageId).bind("u", userId).bind("e", emoji).bind("now", now).execute() == 1;
    }

    boolean removeReaction(Handle h, String messageId, String userId, String emoji) {
        return h.createUpdate("DELETE FROM message_reactions WHERE message_id = :m AND user_id = :u AND emoji = :e")
                .bind("m", messageId).bind("u", userId).bind("e", emoji).execute() == 1;
    }

    int reactionCount(Handle h, String messageId, String userId) {
        return h.createQuery("SELECT COUNT(*) FROM message_reactions WHERE message_id = :m AND user_id = :u")
                .bind("m", messageId).bind("u", userId).mapTo(Integer.class).one();
    }

    /** Messages with seq in (after, …], oldest first. */
    List<Message> after(Handle h, String conversationId, long afterSeq, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.conversation_id = :c AND m.seq > :a ORDER BY m.seq LIMIT :l")
                .bind("c", conversationId).bind("a", afterSeq).bind("l", limit).map((rs, x) -> map(rs)).list();
    }

    /** Messages with seq below {@code before}, newest first. */
    List<Message> before(Handle h, String conversationId, long beforeSeq, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.conversation_id = :c AND m.seq < :b ORDER BY m.seq DESC LIMIT :l")
                .bind("c", conversationId).bind("b", beforeSeq).bind("l", limit).map((rs, x) -> map(rs)).list();
    }

    /** Messages the client already has (seq ≤ upTo) that changed after {@code since}. */
    List<Message> changedSince(Handle h, String conversationId, long since, long upTo, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages m WHERE m.conversation_id = :c AND m.updated_at > :since "
                        + "AND m.seq <= :upto AND m.updated_at > m.created_at ORDER BY m.seq LIMIT :l")
                .bind("c", conversationId).bind("since", since).bind("upto", upTo).bind("l", limit).map((rs, x) -> map(rs)).list();
    }

    /** The newest message of each of the user's conversations. */
    Map<String, Message> lastMessages(Handle h, String userId) {
        Map<String, Message> out = new LinkedHashMap<>();
        h.createQuery("SELECT " + COLUMNS + " FROM messages m JOIN conversations c ON c.id = m.conversation_id AND m.seq = c.last_seq "
                        + "JOIN conversation_members me ON me.conversation_id = c.id AND me.user_id = :u")
                .bind("u", userId).map((rs, x) -> map(rs)).forEach(msg -> out.put(msg.conversationId(), msg));
        return out;
    }

    /** Attaches reactions (emoji in first-use order, with who reacted) to a page of messages in one query, and (media:) their files in another. */
    List<Message> withReactions(Handle h, List<Message> page) {
        return withAttachments(h, reactionsOf(h, page));
    }

    private List<Message> reactionsOf(Handle h, List<Message> page) {
        if (page.isEmpty()) return page;
        Map<String, Map<String, List<String>>> byMessage = new LinkedHashMap<>();
        Collection<String> ids = page.stream().map(Message::id).toList();
        h.createQuery("SELECT message_id, emoji, user_id FROM message_reactions WHERE message_id IN (<ids>) ORDER BY created_at, user_id")
                .bindList("ids", List.copyOf(ids))
                .map((rs, x) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)})
                .forEach(r -> byMessage.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).computeIfAbsent(r[1], k -> new ArrayList<>()).add(r[2]));
        List<Message> out = new ArrayList<>(page.size());
        for (Message m : page) {
            Map<String, List<String>> r = byMessage.get(m.id());
            if (r == null) {
                out.add(m);
                continue;
            }
            List<Message.Reaction> list = new ArrayList<>();
            r.forEach((emoji, users) -> list.add(new Message.Reaction(emoji, users.size(), List.copyOf(users))));
            out.add(m.withReactions(List.copyOf(list)));
        }
        return out;
    }

    /** media: adds each message's attachments (one query for the page); deleted messages have none. */
    private List<Message> withAttachments(Handle h, List<Message> page) {
        if (page.isEmpty()) return page;
        var byMessage = media.attachments(h, MEDIA_PARENT, page.stream().map(Message::id).toList());
        if (byMessage.isEmpty()) return page;
        return page.stream().map(m -> byMessage.containsKey(m.id()) ? m.withAttachments(byMessage.get(m.id())) : m).toList();
    }
}
