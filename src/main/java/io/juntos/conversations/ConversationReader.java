package io.juntos.conversations;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What other features (assist, push) may read of conversations, through this type and never the
 * tables: the recent messages a member can read, a user's own frequent short replies, the members
 * and title of a conversation; and a hook told of each new message after it committed.
 * Every read checks membership here, so a caller cannot forget to.
 */
public final class ConversationReader {
    /** A readable message for a prompt: deleted messages are never returned. */
    public record ContextMessage(String senderId, boolean mine, String text, Instant createdAt) {
    }

    /** A message that was just committed (media-only messages have empty text). */
    public record NewMessage(String conversationId, String messageId, String senderId, String text, boolean hasAttachments) {
    }

    @FunctionalInterface
    public interface MessageListener {
        /** Called after the send committed, on the sender's thread: must return quickly and never throw. */
        void messageSent(NewMessage m);
    }

    private final Jdbi jdbi;
    private final ConversationStore store;
    private final MembershipCache members;
    private final List<MessageListener> listeners = new CopyOnWriteArrayList<>();

    ConversationReader(Jdbi jdbi, ConversationStore store, MembershipCache members) {
        this.jdbi = jdbi;
        this.store = store;
        this.members = members;
    }

    public void onMessageSent(MessageListener listener) {
        listeners.add(listener);
    }

    void announce(NewMessage m) {
        for (MessageListener l : listeners) {
            try {
                l.messageSent(m);
            } catch (RuntimeException e) {
                // A listener's failure must not turn a committed send into an error for the sender.
                org.slf4j.LoggerFactory.getLogger(ConversationReader.class).warn("message listener failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    public boolean isMember(String conversationId, String userId) {
        return jdbi.withHandle(h -> store.membership(h, conversationId, userId).isPresent());
    }

    /**
     * The newest {@code limit} messages of the conversation that {@code userId} can read, oldest
     * first, without deleted or text-less ones. Throws {@code conversation_not_found} (404) for a
     * non-member, as every conversation route does.
     */
    public List<ContextMessage> recentReadable(String userId, String conversationId, int limit) {
        return jdbi.withHandle(h -> {
            if (store.membership(h, conversationId, userId).isEmpty()) throw ConversationsException.conversationNotFound();
            List<ContextMessage> out = new ArrayList<>(h.createQuery("""
                            SELECT sender_id, body, created_at FROM messages
                            WHERE conversation_id = :c AND deleted_at IS NULL AND body IS NOT NULL AND body <> ''
                            ORDER BY seq DESC LIMIT :n""")
                    .bind("c", conversationId).bind("n", limit)
                    .map((rs, x) -> new ContextMessage(rs.getString("sender_id"), userId.equals(rs.getString("sender_id")),
                            rs.getString("body"), Instant.ofEpochMilli(rs.getLong("created_at"))))
                    .list());
            java.util.Collections.reverse(out);
            return out;
        });
    }

    /** The user's own short messages (≤ maxChars), most frequent first, from their newest {@code scan} messages. */
    public List<String> frequentShortReplies(String userId, int maxChars, int scan, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT body, COUNT(*) AS n, MAX(created_at) AS latest FROM (
                            SELECT body, created_at FROM messages
                            WHERE sender_id = :u AND deleted_at IS NULL AND body IS NOT NULL AND body <> '' AND LENGTH(body) <= :max
                            ORDER BY created_at DESC LIMIT :scan) recent
                        GROUP BY body ORDER BY n DESC, latest DESC LIMIT :lim""")
                .bind("u", userId).bind("max", maxChars).bind("scan", scan).bind("lim", limit)
                .map((rs, x) -> rs.getString("body")).list());
    }

    /** Member ids of a conversation (empty when it does not exist). */
    public List<String> memberIds(String conversationId) {
        // From the membership cache: the push hook asks for every message sent.
        return members.memberIds(conversationId);
    }

    /** True for a one-to-one conversation (calls ring the other person there); false for a group or an unknown id. */
    public boolean isDirect(String conversationId) {
        return jdbi.withHandle(h -> store.byId(h, conversationId).map(r -> r.kind().equals("direct")).orElse(false));
    }

    /** A group's name; empty for a direct conversation (the client shows the peer's name). */
    public Optional<String> groupName(String conversationId) {
        return jdbi.withHandle(h -> store.byId(h, conversationId).map(ConversationStore.Row::name));
    }
}
