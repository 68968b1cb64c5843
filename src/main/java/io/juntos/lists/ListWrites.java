package io.juntos.lists;

import io.juntos.activity.ActivityLog;
import io.juntos.auth.User;
import io.juntos.auth.Users;
import io.juntos.gateway.Gateway;
import io.juntos.media.Media;
import io.juntos.push.Notifier;
import io.juntos.push.PushEvent;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every change to a list document, from a client's binary update or from a REST write through the
 * server's replica, goes through here, as the list's one writer: role check first, then apply
 * (all-or-nothing), then one transaction that attaches new media, appends the update with the next
 * seq and refreshes the list's counts; the ack and the fan-out on {@code list.<id>} come after the
 * commit. A failed commit drops the replica, so memory never holds what the store does not.
 */
final class ListWrites {
    static final String PREFIX = "list.";
    static final String MEDIA_PARENT = "list";

    private final Jdbi jdbi;
    private final ListStore store;
    private final ListReplicas replicas;
    private final ListProjection projection;
    private final Gateway gateway;
    private final Media media;
    private final Users users;
    private final ActivityLog activity;
    private final Supplier<Notifier> push;
    private final Clock clock;

    ListWrites(Jdbi jdbi, ListStore store, ListReplicas replicas, ListProjection projection, Gateway gateway, Media media, Users users,
               ActivityLog activity, Supplier<Notifier> push, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.replicas = replicas;
        this.projection = projection;
        this.gateway = gateway;
        this.media = media;
        this.users = users;
        this.activity = activity;
        this.push = push;
        this.clock = clock;
    }

    static String topic(String listId) {
        return PREFIX + listId;
    }

    /** An accepted change: its seq and the update bytes as logged. */
    record Accepted(long seq, byte[] update) {
    }

    /** A client's update (socket). Throws {@code not_found}, {@code read_only}, {@code bad_update}/{@code too_large}, {@code overloaded}. */
    Accepted accept(String listId, String userId, int sessionReplica, byte[] update) {
        return replicas.withReplica(listId, r -> {
            var writer = writer(r, userId);
            ListDocument.Applied applied;
            try {
                applied = r.doc.apply(update, writer);
            } catch (Refused e) {
                throw ListsException.refused(e, true);
            }
            return commit(r, userId, sessionReplica, update, applied);
        });
    }

    /** Edits by the server's replica for a REST write; {@code edits} validates its input before editing. Null when nothing changed. */
    Accepted local(String listId, String userId, Consumer<Edit> edits) {
        return replicas.withReplica(listId, r -> {
            var writer = writer(r, userId);
            byte[] update = r.doc.edit(e -> edits.accept(new Edit(r.doc, e, writer)));
            if (update == null) return new Accepted(r.seq, null);
            // The REST layer validated its input against the same rules and limits before editing.
            var applied = new ListDocument.Applied(true, assignments(update), attachments(update));
            return commit(r, userId, r.replicaId, update, applied);
        });
    }

    /** What a REST edit sees: the document to read, the editor to change it, and who writes. */
    record Edit(ListDocument doc, ListEditor editor, ItemRules.Writer writer) {
    }

    /** Reads the document as the list's writer (a consistent view with its seq). */
    <T> T read(String listId, String userId, java.util.function.BiFunction<ListDocument, Long, T> read) {
        return replicas.withReplica(listId, false, r -> {
            if (!roles(r).containsKey(userId)) throw ListsException.notFound();
            return read.apply(r.doc, r.seq);
        });
    }

    private ItemRules.Writer writer(ListReplicas.Replica r, String userId) {
        Map<String, String> roles = roles(r);
        String role = roles.get(userId);
        if (role == null) throw ListsException.notFound();
        if (role.equals("viewer")) throw ListsException.readOnly();
        return new ItemRules.Writer(userId, roles.keySet());
    }

    private Map<String, String> roles(ListReplicas.Replica r) {
        if (r.roles == null) r.roles = jdbi.withHandle(h -> store.liveRoles(h, r.listId));
        return r.roles;
    }

    private Accepted commit(ListReplicas.Replica r, String userId, int replica, byte[] update, ListDocument.Applied applied) {
        long now = clock.millis();
        long seq;
        try {
            seq = jdbi.inTransaction(h -> {
                attach(h, r.listId, userId, applied.attachedMedia());
                long s = store.append(h, r.listId, update, userId, replica, now, applied.structure() ? projection.summary(r.doc) : null);
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("listId", r.listId);
                event.put("seq", s);
                event.put("update", update);
                event.put("by", userId);
                event.put("replica", replica);
                h.afterCommit(() -> gateway.publishSequenced(topic(r.listId), s, "list.update", event));
                return s;
            });
        } catch (RuntimeException e) {
            r.doc = null; // the update is in memory but not stored: reload before the next use
            throw e;
        }
        r.seq = seq;
        replicas.maybeCompact(r);
        for (var a : applied.assignments()) notifyAssignee(r, userId, a);
        return new Accepted(seq, update);
    }

    private void attach(org.jdbi.v3.core.Handle h, String listId, String userId, List<String> mediaIds) {
        if (mediaIds.isEmpty()) return;
        var already = media.attachments(h, MEDIA_PARENT, List.of(listId)).getOrDefault(listId, List.of()).stream().map(v -> v.id()).toList();
        List<String> fresh = mediaIds.stream().filter(id -> !already.contains(id)).toList();
        if (fresh.isEmpty()) return;
        try {
            media.attach(h, userId, MEDIA_PARENT, listId, fresh, "att");
        } catch (io.juntos.http.ApiException e) {
            String field = e.errors().isEmpty() ? "update" : ItemRules.ATTACHMENT + fresh.get(0);
            throw new io.juntos.http.ApiException(422, "bad_update", e.getMessage(),
                    List.of(new io.juntos.http.FieldError(field, e.errors().isEmpty() ? e.code() : e.errors().get(0).code(), e.getMessage())), null);
        }
    }

    private void notifyAssignee(ListReplicas.Replica r, String byUserId, ListCodec.FieldPart a) {
        String assignee = projection.assignee(r.doc, a.itemId());
        if (assignee == null || assignee.equals(byUserId)) return;
        String title = r.doc.title(a.itemId());
        String listName = jdbi.withHandle(h -> store.byId(h, r.listId).map(ListStore.Row::name).orElse(""));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("listId", r.listId);
        data.put("listName", listName);
        data.put("itemId", a.itemId());
        data.put("title", title);
        data.put("by", byUserId);
        gateway.publish(Gateway.userTopic(assignee), "list.assigned", data);
        activity.append(assignee, "list.assigned", Map.of("listId", r.listId, "itemId", a.itemId(), "by", byUserId), null);
        String byName = users.byId(byUserId).map(User::username).orElse("Someone");
        Notifier n = push.get();
        if (n != null) n.notify(new PushEvent.ListAssigned(r.listId, listName, title, byName, List.of(assignee)));
    }

    private static List<ListCodec.FieldPart> assignments(byte[] update) {
        return ListCodec.decode(update).stream().filter(p -> p instanceof ListCodec.FieldPart f && f.field().equals("assignee") && !f.value().equals("null"))
                .map(p -> (ListCodec.FieldPart) p).toList();
    }

    private static List<String> attachments(byte[] update) {
        return ListCodec.decode(update).stream().filter(p -> p instanceof ListCodec.FieldPart f && f.field().startsWith(ItemRules.ATTACHMENT) && !f.value().equals("null"))
                .map(p -> ((ListCodec.FieldPart) p).field().substring(ItemRules.ATTACHMENT.length())).toList();
    }
}
