package io.juntos.conversations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.juntos.bus.Bus;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Who may send where, without a query per send: "is user U a member of conversation C", answered
 * from memory (members and non-members alike) and kept true by membership events.
 * <p>
 * Every change of membership (create, join, leave, remove, a direct conversation opened) calls
 * {@link #changed} after its transaction has committed. That drops the entry here at once (so this
 * node reads its own writes) and publishes a notice on {@link #TOPIC}, which every node's cache
 * (this one too) follows and answers by dropping its entry: with several nodes on one database,
 * a change made on another node reaches this one through the bus.
 * <p>
 * Why a load cannot outlive a change: Caffeine computes a missing entry inside the map's lock for
 * that key, and an invalidation of the same key waits for that computation and removes its
 * result. A load that read the table before the change committed is therefore removed by the
 * notice, which is published after the commit. A lost notice (a bus is allowed to lose them: it
 * carries hints, the database is the truth) is bounded by the expiry below.
 */
final class MembershipCache implements AutoCloseable {
    static final String TOPIC = "conversations.membership";
    static final Duration EXPIRY = Duration.ofMinutes(2);

    private final Jdbi jdbi;
    private final ConversationStore store;
    private final Bus bus;
    private final Cache<String, Boolean> members;
    /** Conversation id → its member ids (join order): what the push hook reads for every message. */
    private final Cache<String, java.util.List<String>> lists;
    private final Bus.Subscription notices;

    MembershipCache(Jdbi jdbi, ConversationStore store, Bus bus) {
        this.jdbi = jdbi;
        this.store = store;
        this.bus = bus;
        this.members = Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(EXPIRY).build();
        this.lists = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(EXPIRY).build();
        this.notices = bus.subscribe(TOPIC, (topic, payload) -> drop(new String(payload, StandardCharsets.UTF_8)));
    }

    boolean isMember(String conversationId, String userId) {
        return members.get(key(conversationId, userId),
                k -> jdbi.withHandle(h -> store.membership(h, conversationId, userId).isPresent()));
    }

    /** The conversation's member ids in join order; the same invalidation rules as {@link #isMember}. */
    java.util.List<String> memberIds(String conversationId) {
        return lists.get(conversationId, c -> jdbi.withHandle(h -> store.members(h, c).stream().map(ConversationStore.Membership::userId).toList()));
    }

    /** Call after the transaction that added or removed the member has committed. */
    void changed(String conversationId, String userId) {
        String key = key(conversationId, userId);
        drop(key);
        bus.publish(TOPIC, key.getBytes(StandardCharsets.UTF_8));
    }

    private void drop(String key) {
        members.invalidate(key);
        int colon = key.indexOf(':');
        if (colon > 0) lists.invalidate(key.substring(0, colon));
    }

    private static String key(String conversationId, String userId) {
        return conversationId + ":" + userId;
    }

    @Override
    public void close() {
        notices.close();
    }
}
