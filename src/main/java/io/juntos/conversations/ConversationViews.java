package io.juntos.conversations;

import io.juntos.auth.User;
import io.juntos.auth.Users;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds what clients see of conversations and members (with peer, last message, presence). */
final class ConversationViews {
    private final Jdbi jdbi;
    private final ConversationStore store;
    private final MessageStore messages;
    private final Users users;
    private final URI publicUrl;
    private final io.juntos.gateway.PresenceRegistry online;

    ConversationViews(Jdbi jdbi, ConversationStore store, MessageStore messages, Users users, URI publicUrl,
                      io.juntos.gateway.PresenceRegistry online) {
        this.online = online;
        this.jdbi = jdbi;
        this.store = store;
        this.messages = messages;
        this.users = users;
        this.publicUrl = publicUrl;
    }

    ConversationView view(Handle h, String conversationId, String userId) {
        var me = store.membership(h, conversationId, userId).orElseThrow(ConversationsException::conversationNotFound);
        var row = store.byId(h, conversationId).orElseThrow(ConversationsException::conversationNotFound);
        User.PublicUser peer = null;
        if (row.kind().equals("direct")) {
            peer = store.members(h, conversationId).stream().filter(m -> !m.userId().equals(userId)).findFirst()
                    .flatMap(m -> users.byId(m.userId())).map(User::publicView).orElse(null);
        }
        Message last = row.lastSeq() == 0 ? null : messages.after(h, conversationId, row.lastSeq() - 1, 1).stream().findFirst().orElse(null);
        return view(row, me, store.memberCount(h, conversationId), peer, last);
    }

    ConversationView view(ConversationStore.Row c, ConversationStore.Membership me, int memberCount, User.PublicUser peer, Message last) {
        // The code and link let anyone in: only those who may reset them (owners, admins) see them.
        boolean shared = c.kind().equals("group") && !me.role().equals(Conversations.MEMBER);
        return new ConversationView(c.id(), c.kind(), c.name(), me.role(), c.lastSeq(), me.readSeq(), me.deliveredSeq(),
                Math.max(0, c.lastSeq() - me.readSeq()), me.archived(), memberCount, peer, shared ? c.joinCode() : null,
                shared && c.inviteToken() != null ? inviteUrl(c.inviteToken()) : null, last,
                Instant.ofEpochMilli(c.createdAt()), Instant.ofEpochMilli(c.updatedAt()));
    }

    List<MemberView> members(List<ConversationStore.Membership> rows) {
        var ids = rows.stream().map(ConversationStore.Membership::userId).toList();
        Map<String, User.PublicUser> byId = new java.util.HashMap<>();
        users.byIds(ids).forEach(u -> byId.put(u.id(), u.publicView()));
        Map<String, ConversationStore.PresenceRow> presence = new java.util.HashMap<>();
        jdbi.withHandle(h -> store.presence(h, ids)).forEach(p -> presence.put(p.userId(), p));
        var on = online.online(ids); // the registry, not the store, knows who has a socket open on any node
        return rows.stream().filter(m -> byId.containsKey(m.userId())).map(m -> {
            var p = presence.get(m.userId());
            return new MemberView(byId.get(m.userId()), m.role(), Instant.ofEpochMilli(m.joinedAt()), m.deliveredSeq(), m.readSeq(),
                    on.contains(m.userId()), p == null ? null : Instant.ofEpochMilli(p.lastSeenAt()));
        }).toList();
    }

    private String inviteUrl(String token) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/#/join/" + token;
    }
}
