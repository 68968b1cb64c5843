package io.juntos.conversations;

import io.juntos.gateway.Backfill;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.http.Checks;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Messages: send (idempotent by the client's id, sequence number assigned in the insert
 * transaction), edit, delete for everyone, reactions, receipts and history. Every write commits
 * before it is acknowledged or announced; announcements carry frames encoded once.
 */
final class Messages implements Backfill {
    static final int MAX_TEXT = 4000;
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");
    private static final Pattern EMOJI = Pattern.compile("[^\\p{L}\\p{N}\\p{Z}\\s\\p{Cc}]{1,16}");
    private static final int MAX_REACTIONS_PER_USER = 20;

    private final Jdbi jdbi;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final SearchIndex search;
    private final Gateway gateway;
    private final io.juntos.media.Media media;
    private final Clock clock;
    private final io.juntos.limits.Limiter sendLimit;
    private final MembershipCache members;
    private final GroupCommit<SendWriter.Pending, SendWriter.Outcome> sends;
    private final ConversationReader reader;

    Messages(Jdbi jdbi, ConversationStore conversations, MessageStore messages, SearchIndex search, Gateway gateway,
             io.juntos.media.Media media, Clock clock, MembershipCache members, GroupCommit<SendWriter.Pending, SendWriter.Outcome> sends,
             io.juntos.limits.Limiter sendLimit, ConversationReader reader) {
        this.sendLimit = sendLimit;
        this.reader = reader;
        this.jdbi = jdbi;
        this.conversations = conversations;
        this.messages = messages;
        this.search = search;
        this.gateway = gateway;
        this.media = media;
        this.clock = clock;
        this.members = members;
        this.sends = sends;
    }

    static String topic(String conversationId) {
        return "conv." + conversationId;
    }

    /** media: at most this many files per message. */
    static final int MAX_ATTACHMENTS = 10;

    record SendRequest(String conversationId, String clientMsgId, String text, String replyToId, List<String> attachments) {
        List<String> attachmentIds() {
            return attachments == null ? List.of() : attachments;
        }
    }

    record Sent(Message message, boolean duplicate) {
    }

    Sent send(String userId, SendRequest r) {
        sendLimit.check(userId); // per user, REST and socket alike (messages_per_user)
        requireId(r.conversationId());
        Checks checks = new Checks();
        if (checks.text("clientMsgId", r.clientMsgId(), 1, 64)) {
            checks.pattern("clientMsgId", r.clientMsgId(), CLIENT_ID, "invalid_format", "Use 1 to 64 printable ASCII characters, e.g. a UUID.");
        }
        // media: a message with attachments may have no text (a photo on its own).
        if (r.attachmentIds().isEmpty()) checks.text("text", r.text(), 1, MAX_TEXT);
        else checks.optionalText("text", r.text(), 0, MAX_TEXT);
        checks.check(r.attachmentIds().size() <= MAX_ATTACHMENTS, "attachments", "too_many", "At most " + MAX_ATTACHMENTS + " files per message.");
        if (r.replyToId() != null && !Ids.isWellFormed(r.replyToId())) checks.add("replyToId", "not_found", "No such message in this conversation.");
        checks.throwIfAny();
        // Membership from memory (kept true by membership events); the writer still refuses a conversation that is gone.
        if (!members.isMember(r.conversationId(), userId)) throw ConversationsException.conversationNotFound();
        Sent sent = switch (await(sends.submit(new SendWriter.Pending(userId, r, clock.millis())))) {
            case SendWriter.Outcome.Done d -> d.sent();
            case SendWriter.Outcome.Refused f -> throw f.problem();
        };
        if (!sent.duplicate()) {
            // Committed: other features (push) hear of it now, off the writer's thread.
            Message m = sent.message();
            reader.announce(new ConversationReader.NewMessage(m.conversationId(), m.id(), userId, m.text() == null ? "" : m.text(), !r.attachmentIds().isEmpty()));
        }
        return sent;
    }

    /** The outcome once the batch holding the send has committed; a failed batch refuses every send in it. */
    private static SendWriter.Outcome await(java.util.concurrent.CompletableFuture<SendWriter.Outcome> pending) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notSaved();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ApiException problem) throw problem;
            throw notSaved();
        }
    }

    private static ApiException notSaved() {
        return ApiException.unavailable("message_not_saved", "The message was not saved; send it again (same clientMsgId).", java.time.Duration.ofSeconds(1));
    }

    record EditRequest(String conversationId, String messageId, String text) {
    }

    Message edit(String userId, EditRequest r) {
        requireId(r.conversationId());
        Checks checks = new Checks();
        checks.text("text", r.text(), 1, MAX_TEXT);
        checks.throwIfAny();
        Message m = jdbi.inTransaction(h -> {
            requireMember(h, r.conversationId(), userId);
            Message old = requireMessage(h, r.conversationId(), r.messageId());
            if (!old.senderId().equals(userId)) throw ConversationsException.notAllowed("Only the sender can edit a message.");
            if (old.deletedAt() != null) throw ConversationsException.deleted();
            messages.edit(h, old.id(), r.text(), clock.millis());
            search.reindex(h, old.id(), r.text());
            return reload(h, old);
        });
        announceUpdate(m);
        return m;
    }

    record MessageRef(String conversationId, String messageId) {
    }

    Message delete(String userId, MessageRef r) {
        requireId(r.conversationId());
        Message m = jdbi.inTransaction(h -> {
            var me = requireMember(h, r.conversationId(), userId);
            Message old = requireMessage(h, r.conversationId(), r.messageId());
            boolean moderator = me.role().equals(Conversations.OWNER) || me.role().equals(Conversations.ADMIN);
            if (!old.senderId().equals(userId) && !moderator) {
                throw ConversationsException.notAllowed("Only the sender or a group admin can delete a message.");
            }
            if (old.deletedAt() != null) return old;
            search.remove(h, old.id());
            messages.erase(h, old.id(), clock.millis());
            // media: the files go with the message (objects removed once this commits).
            media.deleteForParent(h, MessageStore.MEDIA_PARENT, old.id());
            return reload(h, old);
        });
        announceUpdate(m);
        return m;
    }

    record ReactionRequest(String conversationId, String messageId, String emoji) {
    }

    Message react(String userId, ReactionRequest r, boolean add) {
        requireId(r.conversationId());
        Checks checks = new Checks();
        if (checks.text("emoji", r.emoji(), 1, 16)) {
            checks.pattern("emoji", r.emoji(), EMOJI, "invalid_emoji", "Must be one emoji.");
        }
        checks.throwIfAny();
        Message m = jdbi.inTransaction(h -> {
            requireMember(h, r.conversationId(), userId);
            Message old = requireMessage(h, r.conversationId(), r.messageId());
            if (old.deletedAt() != null) throw ConversationsException.deleted();
            boolean changed;
            if (add) {
                if (messages.reactionCount(h, old.id(), userId) >= MAX_REACTIONS_PER_USER) {
                    throw ApiException.conflict("too_many_reactions", "emoji", "At most " + MAX_REACTIONS_PER_USER + " reactions per message.");
                }
                changed = messages.addReaction(h, old.id(), userId, r.emoji(), clock.millis());
            } else {
                changed = messages.removeReaction(h, old.id(), userId, r.emoji());
            }
            if (changed) messages.touch(h, old.id(), clock.millis());
            return reload(h, old);
        });
        announceUpdate(m);
        return m;
    }

    record ReceiptRequest(String conversationId, String kind, Long seq) {
    }

    record Markers(String conversationId, long deliveredSeq, long readSeq, long unread) {
    }

    Markers receipt(String userId, ReceiptRequest r) {
        requireId(r.conversationId());
        Checks checks = new Checks();
        checks.check(r.kind() != null && (r.kind().equals("delivered") || r.kind().equals("read")), "kind", "invalid_value", "Must be delivered or read.");
        checks.check(r.seq() != null && r.seq() >= 0, "seq", "out_of_range", "Must be a sequence number (0 or more).");
        checks.throwIfAny();
        long[] before = new long[2];
        Markers after = jdbi.inTransaction(h -> {
            var me = requireMember(h, r.conversationId(), userId);
            before[0] = me.deliveredSeq();
            before[1] = me.readSeq();
            long last = conversations.lastSeq(h, r.conversationId());
            long seq = Math.min(r.seq(), last);
            conversations.advanceMarkers(h, r.conversationId(), userId, seq, r.kind().equals("read") ? seq : 0);
            var now = conversations.membership(h, r.conversationId(), userId).orElseThrow();
            return new Markers(r.conversationId(), now.deliveredSeq(), now.readSeq(), Math.max(0, last - now.readSeq()));
        });
        if (after.deliveredSeq() != before[0] || after.readSeq() != before[1]) {
            gateway.publish(topic(r.conversationId()), "receipt", Map.of("conversationId", r.conversationId(), "userId", userId,
                    "deliveredSeq", after.deliveredSeq(), "readSeq", after.readSeq()));
        }
        return after;
    }

    record Page(List<Message> items, boolean hasMore) {
    }

    /** History: {@code after} pages forward, {@code before} (or neither: the newest) pages back; oldest first. */
    Page page(String userId, String conversationId, Long before, Long after, int limit) {
        requireId(conversationId);
        return jdbi.inTransaction(h -> {
            requireMember(h, conversationId, userId);
            List<Message> rows;
            if (after != null) {
                rows = messages.after(h, conversationId, after, limit + 1);
            } else {
                rows = new ArrayList<>(messages.before(h, conversationId, before == null ? Long.MAX_VALUE : before, limit + 1));
            }
            boolean more = rows.size() > limit;
            List<Message> page = new ArrayList<>(more ? rows.subList(0, limit) : rows);
            if (after == null) Collections.reverse(page);
            return new Page(messages.withReactions(h, page), more);
        });
    }

    record MemberReceipt(String userId, String state, long deliveredSeq, long readSeq) {
    }

    record MessageReceipts(String messageId, long seq, List<MemberReceipt> members, Map<String, Integer> counts) {
    }

    /** Per-member state of one message (the sender excluded) and the counts a group shows. */
    MessageReceipts receiptsOf(String userId, String conversationId, String messageId) {
        requireId(conversationId);
        return jdbi.inTransaction(h -> {
            requireMember(h, conversationId, userId);
            Message m = requireMessage(h, conversationId, messageId);
            List<MemberReceipt> list = new ArrayList<>();
            int delivered = 0;
            int read = 0;
            for (var mem : conversations.members(h, conversationId)) {
                if (mem.userId().equals(m.senderId())) continue;
                String state = mem.readSeq() >= m.seq() ? "read" : mem.deliveredSeq() >= m.seq() ? "delivered" : "sent";
                if (!state.equals("sent")) delivered++;
                if (state.equals("read")) read++;
                list.add(new MemberReceipt(mem.userId(), state, mem.deliveredSeq(), mem.readSeq()));
            }
            return new MessageReceipts(m.id(), m.seq(), list, Map.of("recipients", list.size(), "delivered", delivered, "read", read));
        });
    }

    /** resume's {@code since}: edits, deletions and reaction changes to messages the client holds. */
    @Override
    public List<String> updatesSince(String topic, long since, long upTo) {
        String conversationId = topic.substring("conv.".length());
        var frames = gateway.frames();
        return jdbi.withHandle(h -> messages.withReactions(h, messages.changedSince(h, conversationId, since, upTo, 500))).stream()
                .map(m -> frames.event("message.updated", Map.of("message", m)))
                .toList();
    }

    // ---- Backfill: the store answers for the conv.<id> topics ----

    @Override
    public List<Sequenced> after(String topic, long afterSeq, int limit) {
        String conversationId = topic.substring("conv.".length());
        var frames = gateway.frames();
        return jdbi.withHandle(h -> messages.withReactions(h, messages.after(h, conversationId, afterSeq, limit))).stream()
                .map(m -> new Sequenced(m.seq(), frames.event("message.created", Map.of("message", m))))
                .toList();
    }

    @Override
    public long latest(String topic) {
        return jdbi.withHandle(h -> conversations.lastSeq(h, topic.substring("conv.".length())));
    }

    // ---- helpers ----

    private void announceUpdate(Message m) {
        gateway.publish(topic(m.conversationId()), "message.updated", Map.of("message", m));
    }

    private Message reload(Handle h, Message old) {
        return messages.withReactions(h, List.of(messages.byId(h, old.conversationId(), old.id()).orElseThrow())).getFirst();
    }

    ConversationStore.Membership requireMember(Handle h, String conversationId, String userId) {
        return conversations.membership(h, conversationId, userId).orElseThrow(ConversationsException::conversationNotFound);
    }

    private Message requireMessage(Handle h, String conversationId, String messageId) {
        if (!Ids.isWellFormed(messageId)) throw ConversationsException.messageNotFound();
        return messages.byId(h, conversationId, messageId).orElseThrow(ConversationsException::messageNotFound);
    }

    static void requireId(String conversationId) {
        if (!Ids.isWellFormed(conversationId)) throw ConversationsException.conversationNotFound();
    }
}
