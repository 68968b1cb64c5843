package io.juntos.conversations;

import io.juntos.activity.ActivityLog;
import io.juntos.auth.User;
import io.juntos.auth.Users;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.http.Checks;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Direct conversations and groups: create, open, join (code or invite link), leave, remove,
 * rename, new code, roles. Membership changes are committed, then announced: the member's own
 * sockets start or stop following the conversation at once, and the others get member events.
 */
final class Conversations {
    static final String OWNER = "owner";
    static final String ADMIN = "admin";
    static final String MEMBER = "member";
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final ConversationStore store;
    private final MessageStore messages;
    private final Users users;
    private final ActivityLog activity;
    private final Gateway gateway;
    private final Clock clock;
    private final ConversationViews views;

    /** Told of every membership change after it commits (the send path answers "member?" from it). */
    private final MembershipCache members;

    Conversations(Jdbi jdbi, ConversationStore store, MessageStore messages, Users users, ActivityLog activity, Gateway gateway,
                  Clock clock, URI publicUrl, MembershipCache members, io.juntos.gateway.PresenceRegistry online) {
        this.members = members;
        this.jdbi = jdbi;
        this.store = store;
        this.messages = messages;
        this.users = users;
        this.activity = activity;
        this.gateway = gateway;
        this.clock = clock;
        this.views = new ConversationViews(jdbi, store, messages, users, publicUrl, online);
    }

    // ---- reading ----

    /** One page of the list, most recently active first; {@code nextCursor} is null on the last page. */
    record ListPage(List<ConversationView> items, String nextCursor) {
    }

    ListPage list(String userId, ListCursor after, int limit) {
        List<ConversationView> items = jdbi.withHandle(h -> {
            var rows = store.listFor(h, userId, after, limit + 1);
            var counts = store.memberCounts(h, userId);
            var peers = store.directPeers(h, userId);
            var last = messages.lastMessages(h, userId);
            Map<String, User.PublicUser> peerUsers = new java.util.HashMap<>();
            users.byIds(peers.values()).forEach(u -> peerUsers.put(u.id(), u.publicView()));
            return rows.stream().map(e -> views.view(e.getKey(), e.getValue(), counts.getOrDefault(e.getKey().id(), 0),
                    peerUsers.get(peers.get(e.getKey().id())), last.get(e.getKey().id()))).toList();
        });
        if (items.size() <= limit) return new ListPage(items, null);
        var page = items.subList(0, limit);
        var tail = page.getLast();
        return new ListPage(page, new ListCursor(tail.updatedAt().toEpochMilli(), tail.id()).encode());
    }

    ConversationView get(String userId, String conversationId) {
        Messages.requireId(conversationId);
        return jdbi.withHandle(h -> views.view(h, conversationId, userId));
    }

    List<MemberView> members(String userId, String conversationId) {
        Messages.requireId(conversationId);
        var rows = jdbi.withHandle(h -> {
            member(h, conversationId, userId);
            return store.members(h, conversationId);
        });
        return views.members(rows);
    }

    // ---- creating ----

    record GroupRequest(String name) {
    }

    ConversationView createGroup(String userId, GroupRequest r, String ip) {
        String name = checkName(r.name());
        long now = clock.millis();
        String id = Ids.newId();
        ConversationView v = jdbi.inTransaction(h -> {
            store.insert(h, id, "group", name, null, newCode(), newInvite(), userId, now);
            store.addMember(h, id, userId, OWNER, now);
            activity.append(h, userId, "conversation.create", Map.of("conversationId", id, "name", name), ip);
            return views.view(h, id, userId);
        });
        members.changed(id, userId);
        gateway.publishJoin(Gateway.userTopic(userId), Messages.topic(id), "conversation.joined", Map.of("conversation", v));
        return v;
    }

    record DirectRequest(String userId, String username) {
    }

    record Opened(ConversationView conversation, boolean created) {
    }

    /** Opens the one direct conversation between two users, creating it on first use. */
    Opened openDirect(String userId, DirectRequest r) {
        if ((r.userId() == null) == (r.username() == null)) {
            throw ApiException.invalid("userId", "required", "Give exactly one of userId or username.");
        }
        Optional<User> other = r.userId() != null ? (Ids.isWellFormed(r.userId()) ? users.byId(r.userId()) : Optional.empty()) : users.byUsername(r.username());
        User peer = other.orElseThrow(() -> ApiException.notFound("The user"));
        if (peer.id().equals(userId)) throw ApiException.invalid(r.userId() != null ? "userId" : "username", "self", "Start a conversation with someone else.");
        String key = userId.compareTo(peer.id()) < 0 ? userId + ":" + peer.id() : peer.id() + ":" + userId;
        long now = clock.millis();
        boolean[] created = {false};
        String id = jdbi.inTransaction(h -> store.byDirectKey(h, key).map(ConversationStore.Row::id).orElseGet(() -> {
            String newId = Ids.newId();
            store.insert(h, newId, "direct", null, key, null, null, userId, now);
            store.addMember(h, newId, userId, MEMBER, now);
            store.addMember(h, newId, peer.id(), MEMBER, now);
            created[0] = true;
            return newId;
        }));
        if (created[0]) {
            for (String u : List.of(userId, peer.id())) {
                members.changed(id, u);
                ConversationView v = jdbi.withHandle(h -> views.view(h, id, u));
                gateway.publishJoin(Gateway.userTopic(u), Messages.topic(id), "conversation.joined", Map.of("conversation", v));
            }
        }
        return new Opened(jdbi.withHandle(h -> views.view(h, id, userId)), created[0]);
    }

    // ---- joining and leaving ----

    record JoinRequest(String code, String invite) {
    }

    record Joined(ConversationView conversation, boolean joined) {
    }

    Joined join(String userId, JoinRequest r, String ip) {
        if ((r.code() == null) == (r.invite() == null)) throw ApiException.invalid("code", "required", "Give exactly one of code or invite.");
        long now = clock.millis();
        boolean[] added = {false};
        String id = jdbi.inTransaction(h -> {
            var row = (r.code() != null ? store.byJoinCode(h, normalizeCode(r.code())) : store.byInvite(h, r.invite()))
                    .filter(c -> c.kind().equals("group"))
                    .orElseThrow(() -> r.code() != null ? ApiException.notFound("A group with this code") : ApiException.notFound("The invite"));
            if (store.membership(h, row.id(), userId).isEmpty()) {
                store.addMember(h, row.id(), userId, MEMBER, now);
                activity.append(h, userId, "conversation.join", Map.of("conversationId", row.id(), "via", r.code() != null ? "code" : "invite"), ip);
                added[0] = true;
            }
            return row.id();
        });
        if (added[0]) members.changed(id, userId);
        ConversationView v = jdbi.withHandle(h -> views.view(h, id, userId));
        if (added[0]) {
            var me = jdbi.withHandle(h -> store.membership(h, id, userId)).orElseThrow();
            gateway.publish(Messages.topic(id), "member.joined", Map.of("conversationId", id, "member", views.members(List.of(me)).getFirst()));
            gateway.publishJoin(Gateway.userTopic(userId), Messages.topic(id), "conversation.joined", Map.of("conversation", v));
        }
        return new Joined(v, added[0]);
    }

    /** What an invite link shows before joining: enough to decide, nothing private. */
    Map<String, Object> invitePreview(String token) {
        return jdbi.withHandle(h -> store.byInvite(h, token)
                .map(c -> Map.<String, Object>of("name", c.name(), "memberCount", store.memberCount(h, c.id())))
                .orElseThrow(() -> ApiException.notFound("The invite")));
    }

    void leave(String userId, String conversationId, String ip) {
        Messages.requireId(conversationId);
        jdbi.useTransaction(h -> {
            var me = member(h, conversationId, userId);
            if (kind(h, conversationId).equals("direct")) throw ConversationsException.directOnly("A direct conversation cannot be left.");
            store.removeMember(h, conversationId, userId);
            if (me.role().equals(OWNER)) promoteHeir(h, conversationId);
            // Owners and admins knew the code; members never saw it.
            if (!me.role().equals(MEMBER)) store.setCodes(h, conversationId, newCode(), newInvite(), clock.millis());
            activity.append(h, userId, "conversation.leave", Map.of("conversationId", conversationId), ip);
        });
        departed(conversationId, userId, "left");
    }

    void remove(String actorId, String conversationId, String targetId, String ip) {
        Messages.requireId(conversationId);
        if (actorId.equals(targetId)) throw ApiException.invalid("userId", "self", "To leave, use POST /api/conversations/{id}/leave.");
        jdbi.useTransaction(h -> {
            var actor = member(h, conversationId, actorId);
            if (kind(h, conversationId).equals("direct")) throw ConversationsException.directOnly("Nobody can be removed from a direct conversation.");
            var target = store.membership(h, conversationId, targetId).orElseThrow(() -> ApiException.notFound("The member"));
            boolean ownerActs = actor.role().equals(OWNER);
            boolean adminRemovesMember = actor.role().equals(ADMIN) && target.role().equals(MEMBER);
            if (!ownerActs && !adminRemovesMember) throw ConversationsException.notAllowed("Your role cannot remove this member.");
            store.removeMember(h, conversationId, targetId);
            // The removed person may know the code or link (an admin did): both change, so neither
            // the old code nor a saved link lets them back in; owners and admins see the new ones.
            store.setCodes(h, conversationId, newCode(), newInvite(), clock.millis());
            activity.append(h, targetId, "conversation.leave", Map.of("conversationId", conversationId, "removedBy", actorId), ip);
        });
        departed(conversationId, targetId, "removed");
    }

    /** The leaver's sockets stop following first, so they receive nothing of what follows. */
    private void departed(String conversationId, String userId, String reason) {
        members.changed(conversationId, userId);
        gateway.publishLeave(Gateway.userTopic(userId), Messages.topic(conversationId), "conversation.left",
                Map.of("conversationId", conversationId, "reason", reason));
        gateway.publish(Messages.topic(conversationId), "member.left", Map.of("conversationId", conversationId, "userId", userId, "reason", reason));
    }

    private void promoteHeir(Handle h, String conversationId) {
        var rest = store.members(h, conversationId);
        rest.stream().filter(m -> m.role().equals(ADMIN)).findFirst().or(() -> rest.stream().findFirst())
                .ifPresent(heir -> store.setRole(h, conversationId, heir.userId(), OWNER));
    }

    // ---- changing ----

    record RenameRequest(String name) {
    }

    ConversationView rename(String userId, String conversationId, RenameRequest r) {
        Messages.requireId(conversationId);
        String name = checkName(r.name());
        return changed(userId, conversationId, h -> store.rename(h, conversationId, name, clock.millis()));
    }

    ConversationView newCode(String userId, String conversationId) {
        Messages.requireId(conversationId);
        return changed(userId, conversationId, h -> store.setCodes(h, conversationId, newCode(), newInvite(), clock.millis()));
    }

    private ConversationView changed(String userId, String conversationId, java.util.function.Consumer<Handle> change) {
        ConversationView v = jdbi.inTransaction(h -> {
            requireModerator(h, conversationId, userId);
            change.accept(h);
            return views.view(h, conversationId, userId);
        });
        gateway.publish(Messages.topic(conversationId), "conversation.updated", Map.of("conversation", v.forEveryone()));
        return v;
    }

    record RoleRequest(String role) {
    }

    MemberView setRole(String actorId, String conversationId, String targetId, RoleRequest r) {
        Messages.requireId(conversationId);
        if (r.role() == null || !List.of(OWNER, ADMIN, MEMBER).contains(r.role())) {
            throw ApiException.invalid("role", "invalid_value", "Must be owner, admin or member.");
        }
        var rows = jdbi.inTransaction(h -> {
            var actor = member(h, conversationId, actorId);
            if (kind(h, conversationId).equals("direct")) throw ConversationsException.directOnly("Direct conversations have no roles.");
            if (!actor.role().equals(OWNER)) throw ConversationsException.notAllowed("Only the owner can change roles.");
            store.membership(h, conversationId, targetId).orElseThrow(() -> ApiException.notFound("The member"));
            if (actorId.equals(targetId)) throw ApiException.invalid("role", "self", "Hand ownership to someone else instead.");
            store.setRole(h, conversationId, targetId, r.role());
            if (r.role().equals(OWNER)) store.setRole(h, conversationId, actorId, ADMIN); // a transfer: one owner
            return store.members(h, conversationId).stream().filter(m -> m.userId().equals(targetId) || m.userId().equals(actorId)).toList();
        });
        List<MemberView> updated = views.members(rows);
        for (MemberView mv : updated) gateway.publish(Messages.topic(conversationId), "member.updated", Map.of("conversationId", conversationId, "member", mv));
        return updated.stream().filter(v -> v.user().id().equals(targetId)).findFirst().orElseThrow();
    }

    // ---- helpers ----

    ConversationStore.Membership member(Handle h, String conversationId, String userId) {
        return store.membership(h, conversationId, userId).orElseThrow(ConversationsException::conversationNotFound);
    }

    private void requireModerator(Handle h, String conversationId, String userId) {
        var me = member(h, conversationId, userId);
        if (kind(h, conversationId).equals("direct")) throw ConversationsException.directOnly("Direct conversations have no name or code.");
        if (me.role().equals(MEMBER)) throw ConversationsException.notAllowed("Only the owner or an admin can change this.");
    }

    private String kind(Handle h, String conversationId) {
        return store.byId(h, conversationId).orElseThrow(ConversationsException::conversationNotFound).kind();
    }

    private static String checkName(String name) {
        Checks checks = new Checks();
        checks.text("name", name, 1, 100);
        checks.throwIfAny();
        return name.strip();
    }

    static String normalizeCode(String code) {
        return code.strip().toUpperCase(java.util.Locale.ROOT);
    }

    private static String newCode() {
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) c[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
        return new String(c);
    }

    private static String newInvite() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
