package io.juntos.lists;

import io.juntos.auth.User;
import io.juntos.auth.Users;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiException;
import io.juntos.http.Checks;
import io.juntos.media.Media;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lists themselves (issue 17): create, "my lists" with counts, rename, the trash (soft delete,
 * restore) and the purge of lists trashed longer than {@code trashDays}, with their media.
 * Members and invite links are {@link ListMembers}.
 */
final class Lists {
    private final Jdbi jdbi;
    private final ListStore store;
    private final ListReplicas replicas;
    private final Users users;
    private final Gateway gateway;
    private final Media media;
    private final ListsConfig cfg;
    private final Clock clock;

    Lists(Jdbi jdbi, ListStore store, ListReplicas replicas, Users users, Gateway gateway, Media media, ListsConfig cfg, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.replicas = replicas;
        this.users = users;
        this.gateway = gateway;
        this.media = media;
        this.cfg = cfg;
        this.clock = clock;
    }

    record NameRequest(String name) {
    }

    Map<String, Object> create(String userId, NameRequest r) {
        String name = name(r);
        String id = Ids.newId();
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            long owned = store.mine(h, userId, false).stream().filter(m -> m.role().equals("owner")).count();
            if (owned >= cfg.maxListsPerUser()) throw ApiException.conflict("too_many_lists", null, "You own " + owned + " lists, the most allowed.");
            store.insert(h, id, name, userId, now);
        });
        // The owner's open sockets follow the new list's stream at once, so a later resume covers it.
        gateway.publishJoin(Gateway.userTopic(userId), ListWrites.topic(id), "list.shared", Map.of("list", summary(userId, id)));
        return Map.of("list", summary(userId, id));
    }

    List<Map<String, Object>> mine(String userId, boolean trash) {
        return jdbi.withHandle(h -> {
            var rows = store.mine(h, userId, trash).stream().filter(m -> !trash || m.role().equals("owner")).toList();
            var owners = users.byIds(rows.stream().map(m -> m.list().ownerId()).collect(Collectors.toSet())).stream()
                    .collect(Collectors.toMap(User::id, Function.identity()));
            return rows.stream().map(m -> view(m.list(), m.role(), owners.get(m.list().ownerId()))).toList();
        });
    }

    /** One list as {@code userId} sees it; not_found unless a member of a live list. */
    Map<String, Object> summary(String userId, String listId) {
        return jdbi.withHandle(h -> {
            var row = live(h, listId);
            String role = store.member(h, listId, userId).map(ListStore.Member::role).orElseThrow(ListsException::notFound);
            return view(row, role, users.byId(row.ownerId()).orElse(null));
        });
    }

    Map<String, Object> rename(String userId, String listId, NameRequest r) {
        String name = name(r);
        jdbi.useTransaction(h -> {
            live(h, listId);
            String role = role(h, listId, userId);
            if (role.equals("viewer")) throw ListsException.readOnly();
            store.rename(h, listId, name, clock.millis());
        });
        return Map.of("list", summary(userId, listId));
    }

    void trash(String userId, String listId) {
        var members = jdbi.inTransaction(h -> {
            live(h, listId);
            if (!role(h, listId, userId).equals("owner")) throw ListsException.notOwner();
            store.setDeleted(h, listId, clock.millis());
            return store.members(h, listId);
        });
        replicas.evict(listId);
        for (var m : members) left(m.userId(), listId, "trashed");
    }

    Map<String, Object> restore(String userId, String listId) {
        var members = jdbi.inTransaction(h -> {
            var row = store.byId(h, listId).orElseThrow(ListsException::notFound);
            if (row.deletedAt() == null || !row.ownerId().equals(userId)) throw ListsException.notFound();
            store.setDeleted(h, listId, null);
            return store.members(h, listId);
        });
        replicas.evict(listId);
        for (var m : members) {
            gateway.publishJoin(Gateway.userTopic(m.userId()), ListWrites.topic(listId), "list.shared", Map.of("list", summary(m.userId(), listId)));
        }
        return Map.of("list", summary(userId, listId));
    }

    /** The list's attached media with fresh signed URLs (the items name them in {@code attachmentIds}). */
    List<io.juntos.media.MediaView> media(String listId) {
        return jdbi.withHandle(h -> media.attachments(h, ListWrites.MEDIA_PARENT, List.of(listId)).getOrDefault(listId, List.of()));
    }

    /** Deletes lists trashed more than {@code trashDays} ago, with their media; returns how many. */
    int purge() {
        long cutoff = clock.millis() - Duration.ofDays(cfg.trashDays()).toMillis();
        int n = 0;
        for (String id : jdbi.withHandle(h -> store.trashedBefore(h, cutoff, 100))) {
            var members = jdbi.inTransaction(h -> {
                var ms = store.members(h, id);
                media.deleteForParent(h, ListWrites.MEDIA_PARENT, id);
                store.delete(h, id);
                return ms;
            });
            replicas.evict(id);
            for (var m : members) left(m.userId(), id, "purged");
            n++;
        }
        return n;
    }

    /** The user's sockets stop following the list at once, then hear why. */
    void left(String userId, String listId, String reason) {
        gateway.publishLeave(Gateway.userTopic(userId), ListWrites.topic(listId), "list.removed", Map.of("listId", listId, "reason", reason));
        gateway.publishLeave(Gateway.userTopic(userId), ListsGateway.presenceTopic(listId), "list.removed", Map.of("listId", listId, "reason", reason));
    }

    ListStore.Row live(Handle h, String listId) {
        if (!Ids.isWellFormed(listId)) throw ListsException.notFound();
        var row = store.byId(h, listId).orElseThrow(ListsException::notFound);
        if (row.deletedAt() != null) throw ListsException.notFound();
        return row;
    }

    String role(Handle h, String listId, String userId) {
        return store.member(h, listId, userId).map(ListStore.Member::role).orElseThrow(ListsException::notFound);
    }

    private static String name(NameRequest r) {
        var c = new Checks();
        c.text("name", r.name() == null ? null : r.name().strip(), 1, 100);
        c.throwIfAny();
        return r.name().strip();
    }

    private Map<String, Object> view(ListStore.Row l, String role, User owner) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("name", l.name());
        m.put("role", role);
        m.put("owner", owner == null ? null : owner.publicView());
        m.put("itemCount", l.itemCount());
        m.put("doneCount", l.doneCount());
        m.put("nextDue", l.nextDue());
        m.put("overdue", ListProjection.overdue(l.dueDates(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
        m.put("seq", l.lastSeq());
        m.put("createdAt", Instant.ofEpochMilli(l.createdAt()).toString());
        m.put("updatedAt", Instant.ofEpochMilli(l.updatedAt()).toString());
        if (l.deletedAt() != null) {
            m.put("deletedAt", Instant.ofEpochMilli(l.deletedAt()).toString());
            m.put("purgeAt", Instant.ofEpochMilli(l.deletedAt()).plus(Duration.ofDays(cfg.trashDays())).toString());
        }
        return m;
    }
}
