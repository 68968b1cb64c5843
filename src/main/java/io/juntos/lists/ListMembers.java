package io.juntos.lists;

import io.juntos.auth.User;
import io.juntos.auth.Users;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.http.Checks;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may use a list (seed 003's {@code user_todo_list}): owner, editor, viewer. The owner shares
 * (with an existing user, or through invite links carrying a role), changes roles, removes
 * members and hands ownership over; anyone but the owner may leave. Every change of membership
 * goes through the list's writer ({@link ListReplicas#membersChanged}) so a removed member's next
 * update is refused, and their sockets stop following the list at once.
 */
final class ListMembers {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> SHARED_ROLES = List.of("editor", "viewer");

    private final Jdbi jdbi;
    private final ListStore store;
    private final Lists lists;
    private final ListReplicas replicas;
    private final Users users;
    private final Gateway gateway;
    private final String publicUrl;
    private final Clock clock;

    ListMembers(Jdbi jdbi, ListStore store, Lists lists, ListReplicas replicas, Users users, Gateway gateway, String publicUrl, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.lists = lists;
        this.replicas = replicas;
        this.users = users;
        this.gateway = gateway;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    record AddRequest(String user, String role) {
    }

    record RoleRequest(String role) {
    }

    record OwnerRequest(String userId) {
    }

    record InviteRequest(String role, String expiresAt) {
    }

    List<Map<String, Object>> members(String userId, String listId) {
        return jdbi.withHandle(h -> {
            lists.live(h, listId);
            lists.role(h, listId, userId);
            var ms = store.members(h, listId);
            Map<String, User> byId = users.byIds(ms.stream().map(ListStore.Member::userId).toList()).stream()
                    .collect(Collectors.toMap(User::id, Function.identity()));
            return ms.stream().map(m -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("user", byId.containsKey(m.userId()) ? byId.get(m.userId()).publicView() : Map.of("id", m.userId()));
                v.put("role", m.role());
                v.put("addedAt", Instant.ofEpochMilli(m.addedAt()).toString());
                return v;
            }).toList();
        });
    }

    List<Map<String, Object>> add(String ownerId, String listId, AddRequest r) {
        String role = sharedRole(r.role());
        var c = new Checks();
        c.text("user", r.user(), 1, 320);
        c.throwIfAny();
        String login = r.user().strip();
        Optional<User> u = login.contains("@") ? users.byEmail(login) : users.byUsername(login);
        if (u.isEmpty()) throw ApiException.invalid("user", "user_not_found", "No account with this username or e-mail.");
        String userId = u.get().id();
        jdbi.useTransaction(h -> {
            lists.live(h, listId);
            owner(h, listId, ownerId);
            if (store.member(h, listId, userId).isPresent()) throw ApiException.conflict("already_member", "user", "Already a member of this list.");
            store.addMember(h, listId, userId, role, clock.millis());
        });
        joined(userId, listId);
        return members(ownerId, listId);
    }

    List<Map<String, Object>> changeRole(String ownerId, String listId, String userId, RoleRequest r) {
        String role = sharedRole(r.role());
        jdbi.useTransaction(h -> {
            lists.live(h, listId);
            owner(h, listId, ownerId);
            String current = store.member(h, listId, userId).map(ListStore.Member::role).orElseThrow(() -> ApiException.notFound("The member"));
            if (current.equals("owner")) throw ApiException.invalid("userId", "is_owner", "Transfer ownership to change the owner's role.");
            store.setRole(h, listId, userId, role);
        });
        replicas.membersChanged(listId);
        gateway.publish(Gateway.userTopic(userId), "list.role", Map.of("listId", listId, "role", role));
        return members(ownerId, listId);
    }

    /** The owner removes someone, or a member removes themself (leave). */
    void remove(String callerId, String listId, String userId) {
        boolean self = callerId.equals(userId);
        jdbi.useTransaction(h -> {
            lists.live(h, listId);
            String callerRole = lists.role(h, listId, callerId);
            if (!self && !callerRole.equals("owner")) throw ListsException.notOwner();
            if (self && callerRole.equals("owner")) throw ApiException.conflict("owner_cannot_leave", null, "Transfer ownership before leaving.");
            if (!store.removeMember(h, listId, userId)) throw ApiException.notFound("The member");
        });
        replicas.membersChanged(listId);
        lists.left(userId, listId, self ? "left" : "removed");
    }

    List<Map<String, Object>> transfer(String ownerId, String listId, OwnerRequest r) {
        if (r.userId() == null || !Ids.isWellFormed(r.userId())) throw ApiException.invalid("userId", "not_a_member", "The new owner must be a member.");
        jdbi.useTransaction(h -> {
            lists.live(h, listId);
            owner(h, listId, ownerId);
            if (r.userId().equals(ownerId)) return;
            if (store.member(h, listId, r.userId()).isEmpty()) throw ApiException.invalid("userId", "not_a_member", "The new owner must be a member.");
            store.setRole(h, listId, r.userId(), "owner");
            store.setRole(h, listId, ownerId, "editor");
            store.setOwner(h, listId, r.userId());
        });
        replicas.membersChanged(listId);
        gateway.publish(Gateway.userTopic(r.userId()), "list.role", Map.of("listId", listId, "role", "owner"));
        gateway.publish(Gateway.userTopic(ownerId), "list.role", Map.of("listId", listId, "role", "editor"));
        return members(r.userId(), listId);
    }

    // ---- invite links ----

    Map<String, Object> createInvite(String ownerId, String listId, InviteRequest r) {
        String role = sharedRole(r.role());
        Long expires = null;
        if (r.expiresAt() != null) {
            try {
                expires = Instant.parse(r.expiresAt()).toEpochMilli();
            } catch (DateTimeException e) {
                throw ApiException.invalid("expiresAt", "invalid_time", "An ISO-8601 instant.");
            }
            if (expires <= clock.millis()) throw ApiException.invalid("expiresAt", "in_the_past", "Must be in the future.");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        var invite = new ListStore.Invite(Ids.newId(), listId, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), role, ownerId,
                clock.millis(), expires, null);
        jdbi.useTransaction(h -> {
            lists.live(h, listId);
            owner(h, listId, ownerId);
            store.insertInvite(h, invite);
        });
        return view(invite);
    }

    List<Map<String, Object>> invites(String ownerId, String listId) {
        return jdbi.withHandle(h -> {
            lists.live(h, listId);
            owner(h, listId, ownerId);
            return store.invites(h, listId).stream().map(this::view).toList();
        });
    }

    void revoke(String ownerId, String listId, String inviteId) {
        jdbi.useTransaction(h -> {
            lists.live(h, listId);
            owner(h, listId, ownerId);
            if (!store.revokeInvite(h, listId, inviteId, clock.millis())) throw ListsException.linkNotFound();
        });
    }

    Map<String, Object> preview(String userId, String token) {
        return jdbi.withHandle(h -> {
            var i = usable(h, token);
            var row = lists.live(h, i.listId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("listId", i.listId());
            m.put("name", row.name());
            m.put("owner", users.byId(row.ownerId()).map(User::publicView).orElse(null));
            m.put("role", i.role());
            m.put("member", store.member(h, i.listId(), userId).isPresent());
            return m;
        });
    }

    /** Joins by link; true when the caller was added (false: already a member, role unchanged). */
    record Joined(boolean added, String listId) {
    }

    Joined accept(String userId, String token) {
        var joined = jdbi.inTransaction(h -> {
            var i = usable(h, token);
            lists.live(h, i.listId());
            if (store.member(h, i.listId(), userId).isPresent()) return new Joined(false, i.listId());
            store.addMember(h, i.listId(), userId, i.role(), clock.millis());
            return new Joined(true, i.listId());
        });
        if (joined.added()) joined(userId, joined.listId());
        return joined;
    }

    private ListStore.Invite usable(org.jdbi.v3.core.Handle h, String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) throw ListsException.linkNotFound();
        var i = store.inviteByToken(h, token).filter(x -> x.revokedAt() == null).orElseThrow(ListsException::linkNotFound);
        if (i.expiresAt() != null && i.expiresAt() <= clock.millis()) throw ListsException.linkExpired();
        return i;
    }

    private void joined(String userId, String listId) {
        replicas.membersChanged(listId);
        gateway.publishJoin(Gateway.userTopic(userId), ListWrites.topic(listId), "list.shared", Map.of("list", lists.summary(userId, listId)));
    }

    private void owner(org.jdbi.v3.core.Handle h, String listId, String userId) {
        if (!lists.role(h, listId, userId).equals("owner")) throw ListsException.notOwner();
    }

    private static String sharedRole(String role) {
        if (role == null || !SHARED_ROLES.contains(role)) throw ApiException.invalid("role", "invalid_role", "editor or viewer.");
        return role;
    }

    private Map<String, Object> view(ListStore.Invite i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("token", i.token());
        m.put("url", publicUrl + "/#/lists/join/" + i.token());
        m.put("role", i.role());
        m.put("expiresAt", i.expiresAt() == null ? null : Instant.ofEpochMilli(i.expiresAt()).toString());
        m.put("createdAt", Instant.ofEpochMilli(i.createdAt()).toString());
        return m;
    }
}
