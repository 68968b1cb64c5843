package io.juntos.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.crdt.CrdtDoc;
import io.juntos.crdt.CrdtException;
import io.juntos.crdt.ListDoc;
import io.juntos.crdt.TextDoc;
import io.juntos.lists.ListCodec.DocPart;
import io.juntos.lists.ListCodec.FieldPart;
import io.juntos.lists.ListCodec.Part;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One todo list as a replicated document (docs/crdt.md, "Lists"): the item order, each item's
 * title and notes, and last-writer-wins fields. {@link #apply} takes a client's update
 * all-or-nothing; the {@code add…}/{@code set…} edits of the server's own replica (REST writes)
 * return the update they made. Pure and not thread-safe: its owner drives it under one lock.
 */
public final class ListDocument {
    static final String ORDER = "order";
    static final String TITLE = "title:";
    static final String NOTES = "notes:";

    final int replica;
    private final ListLimits limits;
    private final ItemRules rules;
    ListDoc order;
    private final Map<String, TextDoc> texts = new HashMap<>();
    private final Map<String, FieldPart> fields = new HashMap<>();
    long lamport;
    /** Parts of the local edit in progress (REST writes), collected from the engine's observers. */
    final List<Part> local = new ArrayList<>();

    public ListDocument(int replica, ListLimits limits, ItemRules rules) {
        this.replica = replica;
        this.limits = limits;
        this.rules = rules;
        this.order = watch(ORDER, new ListDoc(replica));
    }

    /** Loads a stored snapshot (trusted: the server wrote it), without the write rules. */
    public void load(byte[] snapshot) {
        for (Part p : ListCodec.decode(snapshot)) {
            switch (p) {
                case DocPart d -> doc(d.key()).applyUpdate(d.bytes());
                case FieldPart f -> putField(f);
            }
        }
    }

    /** Replays a stored, already accepted update (log tail on load). */
    public void replay(byte[] update) {
        load(update);
    }

    /** What an accepted update changed that the edges act on. */
    public record Applied(boolean structure, List<FieldPart> assignments, List<String> attachedMedia) {
    }

    /**
     * Applies a client's update or changes nothing: decodes it whole, checks keys and every field
     * write against the rules, applies the parts, checks limits and the subtask rule, and undoes
     * what it applied when any of that fails.
     *
     * @throws Refused with the field and code of the first problem
     */
    public Applied apply(byte[] update, ItemRules.Writer writer) {
        List<Part> parts;
        try {
            parts = ListCodec.decode(update);
        } catch (ListCodec.BadEnvelope e) {
            throw Refused.bad("update", "bad_update", "Not a valid list update: " + e.getMessage() + ".");
        }
        List<DocPart> docs = new ArrayList<>();
        List<FieldPart> writes = new ArrayList<>();
        for (Part p : parts) {
            switch (p) {
                case DocPart d -> {
                    checkKey(d.key());
                    docs.add(d);
                }
                case FieldPart f -> {
                    rules.check(f, writer);
                    writes.add(f);
                }
            }
        }
        var undo = new Undo();
        try {
            // A part needs a copy to undo when anything after it can still refuse the update.
            boolean laterChecks = docs.size() > 1 || !writes.isEmpty();
            for (DocPart d : docs) applyPart(d, laterChecks, update.length, undo);
            checkLimits(docs);
            List<FieldPart> won = applyFields(writes, undo);
            checkSubtasks(won);
            return new Applied(!docs.isEmpty() && docs.stream().anyMatch(d -> d.key().equals(ORDER)) || !won.isEmpty(),
                    won.stream().filter(f -> f.field().equals("assignee") && !f.value().equals("null")).toList(),
                    won.stream().filter(f -> f.field().startsWith(ItemRules.ATTACHMENT) && !f.value().equals("null"))
                            .map(f -> f.field().substring(ItemRules.ATTACHMENT.length())).toList());
        } catch (RuntimeException e) {
            undo.run();
            if (e instanceof Refused r) throw r;
            if (e instanceof CrdtException c) throw Refused.bad("update", "bad_update", "Refused by the CRDT: " + c.getMessage() + ".");
            throw e;
        }
    }

    private void applyPart(DocPart d, boolean several, int updateBytes, Undo undo) {
        CrdtDoc existing = d.key().equals(ORDER) ? order : texts.get(d.key());
        if (existing == null) {
            undo.created.add(d.key());
        } else if (several || nearLimit(d.key(), existing, updateBytes)) {
            // A single part the engine refuses changes nothing by itself (all-or-nothing); keep a
            // copy only when a later part or a limit could still undo this one.
            undo.saved.putIfAbsent(d.key(), existing.encodeSnapshot());
        }
        doc(d.key()).applyUpdate(d.bytes());
    }

    /** An update cannot add more characters (or items) than it has bytes: far from the limit, nothing to save. */
    private boolean nearLimit(String key, CrdtDoc doc, int updateBytes) {
        return switch (doc) {
            case TextDoc t -> t.length() + updateBytes > (key.startsWith(TITLE) ? limits.titleChars() : limits.notesChars());
            case ListDoc l -> l.size() + updateBytes > limits.items();
        };
    }

    private void checkLimits(List<DocPart> docs) {
        for (DocPart d : docs) {
            if (d.key().equals(ORDER)) {
                if (order.size() > limits.items()) throw Refused.limit("items", "too_many", "At most " + limits.items() + " items in a list.");
            } else if (d.key().startsWith(TITLE)) {
                if (texts.get(d.key()).length() > limits.titleChars()) throw Refused.limit("title", "too_long", "A title has at most " + limits.titleChars() + " characters.");
            } else if (texts.get(d.key()).length() > limits.notesChars()) {
                throw Refused.limit("notes", "too_long", "Notes have at most " + limits.notesChars() + " characters.");
            }
        }
    }

    private List<FieldPart> applyFields(List<FieldPart> writes, Undo undo) {
        List<FieldPart> won = new ArrayList<>();
        for (FieldPart f : writes) {
            String k = fieldKey(f.itemId(), f.field());
            FieldPart old = fields.get(k);
            if (!f.beats(old)) continue;
            if (!undo.fields.containsKey(k)) undo.fields.put(k, old);
            putField(f);
            won.add(f);
        }
        return won;
    }

    /** One level of subtasks: checked for every item this update gave a parent, and for their parents. */
    private void checkSubtasks(List<FieldPart> won) {
        Set<String> items = new java.util.HashSet<>(order.elements());
        for (FieldPart f : won) {
            if (!f.field().equals("parent") || f.value().equals("null")) continue;
            String parent = parent(f.itemId());
            if (parent == null) continue; // lost to a newer write
            if (!items.contains(parent)) throw Refused.bad("parent", "not_found", "The parent item is not in the list.");
            if (parent(parent) != null) throw Refused.bad("parent", "one_level", "A subtask cannot have subtasks.");
            for (String other : items) {
                if (f.itemId().equals(parent(other))) throw Refused.bad("parent", "one_level", "An item with subtasks cannot become a subtask.");
            }
        }
    }

    private void checkKey(String key) {
        if (key.equals(ORDER)) return;
        String id = key.startsWith(TITLE) ? key.substring(TITLE.length()) : key.startsWith(NOTES) ? key.substring(NOTES.length()) : null;
        if (!ItemRules.isItemId(id)) throw Refused.bad("update", "unknown_key", "No document part '" + key + "'.");
    }

    /** What applying changed, to put back when a later step refuses the update. */
    private final class Undo {
        final Set<String> created = new LinkedHashSet<>();
        final Map<String, byte[]> saved = new HashMap<>();
        final Map<String, FieldPart> fields = new HashMap<>();
        final long lamportAtStart = lamport;

        void run() {
            for (String k : created) {
                if (k.equals(ORDER)) order = watch(ORDER, new ListDoc(replica));
                else texts.remove(k);
            }
            saved.forEach((k, bytes) -> {
                CrdtDoc copy = k.equals(ORDER) ? ListDoc.fromSnapshot(replica, bytes) : TextDoc.fromSnapshot(replica, bytes);
                if (copy instanceof ListDoc l) order = watch(ORDER, l);
                else texts.put(k, watch(k, (TextDoc) copy));
            });
            this.fields.forEach((k, old) -> {
                if (old == null) ListDocument.this.fields.remove(k);
                else ListDocument.this.fields.put(k, old);
            });
            ListDocument.this.lamport = lamportAtStart;
        }
    }

    // ---- the document's parts ----

    private CrdtDoc doc(String key) {
        if (key.equals(ORDER)) return order;
        checkKey(key);
        return text(key);
    }

    TextDoc text(String key) {
        return texts.computeIfAbsent(key, k -> watch(k, new TextDoc(replica)));
    }

    private <D extends CrdtDoc> D watch(String key, D doc) {
        doc.observeUpdates(bytes -> local.add(new DocPart(key, bytes)));
        return doc;
    }

    void putField(FieldPart f) {
        FieldPart old = fields.get(fieldKey(f.itemId(), f.field()));
        if (f.beats(old)) fields.put(fieldKey(f.itemId(), f.field()), f);
        lamport = Math.max(lamport, f.lamport());
    }

    private static String fieldKey(String itemId, String field) {
        return itemId + '\u0000' + field;
    }

    // ---- reads ----

    /** The replica id this document's local edits use. */
    public int replica() {
        return replica;
    }

    public List<String> itemIds() {
        return order.elements();
    }

    public String title(String itemId) {
        TextDoc t = texts.get(TITLE + itemId);
        return t == null ? "" : t.text();
    }

    public List<io.juntos.crdt.Span> spans(String key) {
        TextDoc t = texts.get(key);
        return t == null ? List.of() : t.spans();
    }

    /** The winning value of a field as JSON text, or null when unset or cleared. */
    public String field(String itemId, String field) {
        FieldPart f = fields.get(fieldKey(itemId, field));
        return f == null || f.value().equals("null") ? null : f.value();
    }

    /** Every set field of an item, by name (attachments under their {@code att:<id>} names). */
    public Map<String, String> fieldsOf(String itemId) {
        Map<String, String> out = new TreeMap<>();
        String prefix = itemId + '\u0000';
        fields.forEach((k, f) -> {
            if (k.startsWith(prefix) && !f.value().equals("null")) out.put(f.field(), f.value());
        });
        return out;
    }

    String parent(String itemId) {
        String p = field(itemId, "parent");
        return p == null ? null : ItemRules.text(p);
    }

    /** The whole document, format L1, deterministic: parts sorted by key. */
    public byte[] snapshot() {
        List<Part> parts = new ArrayList<>();
        parts.add(new DocPart(ORDER, order.encodeSnapshot()));
        new TreeMap<>(texts).forEach((k, t) -> {
            if (!t.version().equals(io.juntos.crdt.VersionVector.empty())) parts.add(new DocPart(k, t.encodeSnapshot()));
        });
        new TreeMap<>(fields).values().forEach(parts::add);
        return ListCodec.encode(parts);
    }

    // ---- local edits (the server's replica, and Java clients in tests): see ListEditor ----

    /** Runs local edits and returns the update they made (null when they changed nothing). */
    public byte[] edit(java.util.function.Consumer<ListEditor> edits) {
        local.clear();
        edits.accept(new ListEditor(this));
        byte[] out = local.isEmpty() ? null : ListCodec.encode(List.copyOf(local));
        local.clear();
        return out;
    }
}
