package io.juntos.conversations;

import io.juntos.gateway.Gateway;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What other features use of conversations: a group chat that belongs to their own record (a
 * watch-party room's chat). It has no join code or invite link: membership follows the owner
 * feature, which calls these methods inside its own transaction; the members' sockets start or
 * stop following the chat once that transaction commits.
 */
public final class GroupChats {
    private final Jdbi jdbi;
    private final ConversationStore store;
    private final ConversationViews views;
    private final Messages messages;
    private final Gateway gateway;
    private final Clock clock;
    private final MembershipCache memberCache;

    GroupChats(Jdbi jdbi, ConversationStore store, ConversationViews views, Messages messages, Gateway gateway, Clock clock, MembershipCache memberCache) {
        this.memberCache = memberCache;
        this.jdbi = jdbi;
        this.store = store;
        this.views = views;
        this.messages = messages;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** Creates a group chat owned by {@code ownerId}; returns its conversation id. */
    public String create(Handle h, String ownerId, String name) {
        String id = Ids.newId();
        long now = clock.millis();
        store.insert(h, id, "group", name.length() > 100 ? name.substring(0, 100) : name, null, null, null, ownerId, now);
        store.addMember(h, id, ownerId, Conversations.OWNER, now);
        joinedAfterCommit(h, id, ownerId);
        return id;
    }

    public void addMember(Handle h, String conversationId, String userId) {
        if (store.membership(h, conversationId, userId).isPresent()) return;
        store.addMember(h, conversationId, userId, Conversations.MEMBER, clock.millis());
        joinedAfterCommit(h, conversationId, userId);
    }

    public void removeMember(Handle h, String conversationId, String userId) {
        if (!store.removeMember(h, conversationId, userId)) return;
        h.afterCommit(() -> {
            // Like every membership change (Conversations): the send check and the push hook's member list see it at once.
            memberCache.changed(conversationId, userId);
            gateway.publishLeave(Gateway.userTopic(userId), Messages.topic(conversationId), "conversation.left",
                    Map.of("conversationId", conversationId, "reason", "removed"));
            gateway.publish(Messages.topic(conversationId), "member.left", Map.of("conversationId", conversationId, "userId", userId, "reason", "removed"));
        });
    }

    /** Deletes the chat with its messages (the owner record is being deleted). */
    public void delete(Handle h, String conversationId) {
        var members = store.members(h, conversationId);
        h.createUpdate("DELETE FROM conversations WHERE id = :id").bind("id", conversationId).execute();
        h.afterCommit(() -> members.forEach(m -> {
            memberCache.changed(conversationId, m.userId());
            gateway.publishLeave(Gateway.userTopic(m.userId()), Messages.topic(conversationId),
                    "conversation.left", Map.of("conversationId", conversationId, "reason", "deleted"));
        }));
    }

    /** Sends a text message as {@code userId} (idempotent by clientMsgId, like every send); errors as for REST sends. */
    public Message send(String userId, String conversationId, String clientMsgId, String text) {
        return messages.send(userId, new Messages.SendRequest(conversationId, clientMsgId, text, null, List.of())).message();
    }

    private void joinedAfterCommit(Handle h, String conversationId, String userId) {
        h.afterCommit(() -> {
            memberCache.changed(conversationId, userId);
            ConversationView v = jdbi.withHandle(x -> views.view(x, conversationId, userId));
            var me = jdbi.withHandle(x -> store.membership(x, conversationId, userId)).orElse(null);
            if (me != null) gateway.publish(Messages.topic(conversationId), "member.joined", Map.of("conversationId", conversationId, "member", views.members(List.of(me)).getFirst()));
            gateway.publishJoin(Gateway.userTopic(userId), Messages.topic(conversationId), "conversation.joined", Map.of("conversation", v));
        });
    }
}
