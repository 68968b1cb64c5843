package io.juntos.conversations;

import io.juntos.auth.User;
import io.juntos.gateway.Gateway;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Map;

/**
 * What one member decides for themselves about a conversation (archiving it), and what the people
 * who see a user are told when that user's name or avatar changes. Archiving is the member's own
 * view: it is told to their own sockets only (their other devices move it too), never to the group.
 */
final class MemberChoices {
    private final Jdbi jdbi;
    private final ConversationStore store;
    private final ConversationViews views;
    private final Gateway gateway;
    private final Clock clock;

    MemberChoices(Jdbi jdbi, ConversationStore store, ConversationViews views, Gateway gateway, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.views = views;
        this.gateway = gateway;
        this.clock = clock;
    }

    ConversationView archive(String userId, String conversationId, boolean archived) {
        Messages.requireId(conversationId);
        ConversationView v = jdbi.inTransaction(h -> {
            Long at = archived ? clock.millis() : null;
            if (!store.setArchived(h, conversationId, userId, at)) throw ConversationsException.conversationNotFound();
            return views.view(h, conversationId, userId);
        });
        gateway.publish(Gateway.userTopic(userId), "conversation.updated", Map.of("conversation", v));
        return v;
    }

    /**
     * A user's public view changed: everyone who shares a conversation with them (the audience of
     * their presence, and so of their name in lists) and their own other devices get
     * {@code user.updated}, encoded once.
     */
    void publicChanged(User user) {
        String frame = gateway.frames().event("user.updated", Map.of("user", user.publicView()));
        gateway.publishFrame(Gateway.userTopic(user.id()), frame);
        for (String contact : jdbi.withHandle(h -> store.contacts(h, user.id()))) {
            gateway.publishFrame(Gateway.userTopic(contact), frame);
        }
    }
}
