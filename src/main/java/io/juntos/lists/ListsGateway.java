package io.juntos.lists;

import io.juntos.FeatureContext;
import io.juntos.gateway.Backfill;
import io.juntos.gateway.Caller;
import io.juntos.gateway.Gateway;
import io.juntos.store.Ids;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code list.*} frames (docs/protocol.md §9): open (state + a replica id), update (the one
 * write path, {@link ListWrites}), close, presence; and the stream {@code list.<id>}'s backfill,
 * read from the update log, so the gateway's {@code resume} replays what a client missed.
 */
final class ListsGateway implements Backfill {
    private static final String PRESENCE = "list-presence.";

    private final Gateway gateway;
    private final Jdbi jdbi;
    private final ListStore store;
    private final Lists lists;
    private final ListWrites writes;
    private final ListMembersView members;
    private final ListViewers viewers;
    private final ListsConfig cfg;

    /** The members list of the open ack, without a dependency on the REST class's whole surface. */
    interface ListMembersView {
        List<Map<String, Object>> members(String userId, String listId);
    }

    ListsGateway(Gateway gateway, Jdbi jdbi, ListStore store, Lists lists, ListWrites writes, ListMembersView members, ListViewers viewers, ListsConfig cfg) {
        this.gateway = gateway;
        this.jdbi = jdbi;
        this.store = store;
        this.lists = lists;
        this.writes = writes;
        this.members = members;
        this.viewers = viewers;
        this.cfg = cfg;
    }

    static String presenceTopic(String listId) {
        return PRESENCE + listId;
    }

    record ListRef(String listId) {
    }

    record UpdateFrame(String listId, byte[] update) {
    }

    record PresenceFrame(String listId, String itemId, String field, Integer index, Integer length) {
    }

    void register(FeatureContext ctx) {
        ctx.stream(ListWrites.PREFIX, this);
        // Every socket follows its user's lists from connect, so one resume covers them like any stream.
        gateway.onAuthenticated(c -> jdbi.withHandle(h -> store.listIdsOf(h, c.userId())).forEach(id -> c.follow(ListWrites.topic(id))));
        gateway.onClosed(c -> viewers.closed(c.connectionId()).forEach(this::announceViewers));
        var family = ctx.frames("list.");
        family.on("list.open", ListRef.class, this::open);
        family.on("list.update", UpdateFrame.class, (c, r) -> {
            String listId = requireId(r.listId());
            if (r.update() == null) throw io.juntos.http.ApiException.invalid("update", "required", "The update bytes (base64).");
            var v = viewers.get(listId, c.connectionId());
            var accepted = writes.accept(listId, c.userId(), v == null ? 0 : v.replica(), r.update());
            return Map.of("listId", listId, "seq", accepted.seq());
        });
        family.on("list.close", ListRef.class, (c, r) -> {
            String listId = requireId(r.listId());
            c.unfollow(presenceTopic(listId));
            if (viewers.remove(listId, c.connectionId())) announceViewers(listId);
            return Map.of();
        });
        family.on("list.presence", PresenceFrame.class, this::presence);
    }

    private Map<String, Object> open(Caller c, ListRef r) {
        String listId = requireId(r.listId());
        var row = jdbi.withHandle(h -> {
            var l = lists.live(h, listId);
            return Map.entry(l, lists.role(h, listId, c.userId()));
        });
        // Follow before reading the state: an update committed after the read arrives as an event.
        c.follow(ListWrites.topic(listId));
        c.follow(presenceTopic(listId));
        Object[] state = writes.read(listId, c.userId(), (doc, seq) -> new Object[]{doc.snapshot(), seq});
        int replica = jdbi.inTransaction(h -> store.nextReplica(h, listId));
        viewers.add(listId, new ListViewers.Viewer(c.userId(), c.connectionId(), replica));
        announceViewers(listId);
        byte[] snapshot = (byte[]) state[0];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("listId", listId);
        out.put("name", row.getKey().name());
        out.put("role", row.getValue());
        out.put("replica", replica);
        out.put("seq", state[1]);
        out.put("snapshot", snapshot.length <= cfg.inlineSnapshotBytes() ? snapshot : null);
        out.put("members", members.members(c.userId(), listId));
        out.put("viewers", viewers.of(listId));
        out.put("limits", Map.of("titleChars", cfg.titleChars(), "notesChars", cfg.notesChars(), "items", cfg.items(),
                "updateBytes", gateway.config().maxBinaryBytes()));
        return out;
    }

    private Map<String, Object> presence(Caller c, PresenceFrame r) {
        String listId = requireId(r.listId());
        if (viewers.get(listId, c.connectionId()) == null) throw ListsException.notFound();
        if (r.field() != null && !r.field().equals("title") && !r.field().equals("notes")) {
            throw io.juntos.http.ApiException.invalid("field", "invalid_value", "title, notes or null.");
        }
        if (r.itemId() != null && !ItemRules.isItemId(r.itemId())) throw io.juntos.http.ApiException.invalid("itemId", "invalid_item_id", "An item id.");
        if ((r.index() != null && r.index() < 0) || (r.length() != null && r.length() < 0)) {
            throw io.juntos.http.ApiException.invalid("index", "out_of_range", "Offsets from 0.");
        }
        if (!viewers.allowPresence(c.connectionId())) return Map.of();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("listId", listId);
        d.put("userId", c.userId());
        d.put("connectionId", c.connectionId());
        d.put("itemId", r.itemId());
        d.put("field", r.field());
        d.put("index", r.index());
        d.put("length", r.length());
        gateway.publish(presenceTopic(listId), "list.presence", d);
        return Map.of();
    }

    void announceViewers(String listId) {
        gateway.publish(presenceTopic(listId), "list.viewers", Map.of("listId", listId, "viewers", viewers.of(listId)));
    }

    static String requireId(String listId) {
        if (listId == null || !Ids.isWellFormed(listId)) throw ListsException.notFound();
        return listId;
    }

    @Override
    public List<Sequenced> after(String topic, long afterSeq, int limit) {
        String listId = topic.substring(ListWrites.PREFIX.length());
        var rows = jdbi.withHandle(h -> store.log(h, listId, afterSeq, limit));
        List<Sequenced> out = new ArrayList<>(rows.size());
        for (var u : rows) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("listId", listId);
            d.put("seq", u.seq());
            d.put("update", u.update());
            d.put("by", u.userId());
            d.put("replica", u.replica());
            out.add(new Sequenced(u.seq(), gateway.frames().event("list.update", d)));
        }
        return out;
    }

    @Override
    public long latest(String topic) {
        String listId = topic.substring(ListWrites.PREFIX.length());
        return jdbi.withHandle(h -> store.byId(h, listId).map(ListStore.Row::lastSeq).orElse(0L));
    }
}
