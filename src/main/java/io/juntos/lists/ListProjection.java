package io.juntos.lists;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.crdt.Span;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plain-JSON view of a list document for clients that do not speak the CRDT (REST reads) and
 * the counts "my lists" shows. It is read off the server's replica, so REST and CRDT agree. Pure.
 */
final class ListProjection {
    private final ObjectMapper json;

    ListProjection(ObjectMapper json) {
        this.json = json;
    }

    /** Every item in order: text as plain strings and as spans, fields as JSON, subtasks listed under their parent. */
    List<Map<String, Object>> items(ListDocument doc) {
        List<String> ids = doc.itemIds();
        Set<String> present = new HashSet<>(ids);
        Map<String, String> parents = new LinkedHashMap<>();
        for (String id : ids) {
            String p = doc.parent(id);
            // A parent that left the list or is itself a subtask (a race the rules cannot stop): shown at top level.
            if (p != null && present.contains(p) && doc.parent(p) == null) parents.put(id, p);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : ids) out.add(item(doc, id, parents));
        return out;
    }

    Map<String, Object> item(ListDocument doc, String id, Map<String, String> parents) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", doc.title(id));
        m.put("titleSpans", spans(doc.spans(ListDocument.TITLE + id)));
        List<Map<String, Object>> notes = spans(doc.spans(ListDocument.NOTES + id));
        m.put("notes", notes.stream().map(s -> (String) s.get("text")).reduce("", String::concat));
        m.put("notesSpans", notes);
        Map<String, String> fields = doc.fieldsOf(id);
        for (String f : List.of("done", "due", "assignee", "created")) m.put(f, node(fields.get(f)));
        m.put("parent", parents.get(id));
        List<String> subtasks = new ArrayList<>();
        parents.forEach((child, parent) -> {
            if (parent.equals(id)) subtasks.add(child);
        });
        m.put("subtasks", subtasks);
        List<String> media = new ArrayList<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(ItemRules.ATTACHMENT)) media.add(k.substring(ItemRules.ATTACHMENT.length()));
        });
        m.put("attachmentIds", media);
        return m;
    }

    /** One item, with its subtasks (for REST write answers). */
    Map<String, Object> item(ListDocument doc, String id) {
        return items(doc).stream().filter(i -> i.get("id").equals(id)).findFirst().orElseThrow(ListsException::itemNotFound);
    }

    private static List<Map<String, Object>> spans(List<Span> spans) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Span s : spans) {
            Map<String, Object> marks = new LinkedHashMap<>();
            s.marks().forEach((k, v) -> marks.put(k, k.equals("link") ? v : Boolean.TRUE));
            out.add(Map.of("text", s.text(), "marks", marks));
        }
        return out;
    }

    private JsonNode node(String value) {
        if (value == null) return null;
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored field value is not JSON", e); // the rules admitted only JSON
        }
    }

    /** Counts for "my lists": items, done items, and the open items' due dates (date part, sorted). */
    ListStore.Summary summary(ListDocument doc) {
        int items = 0, done = 0;
        TreeSet<String> dues = new TreeSet<>();
        List<String> all = new ArrayList<>();
        for (String id : doc.itemIds()) {
            items++;
            if (doc.field(id, "done") != null) {
                done++;
                continue;
            }
            String due = dueDate(doc.field(id, "due"));
            if (due != null) {
                dues.add(due);
                all.add(due);
            }
        }
        all.sort(null);
        String joined = String.join(",", all);
        return new ListStore.Summary(items, done, dues.isEmpty() ? null : dues.first(), joined.length() > 20_000 ? joined.substring(0, joined.lastIndexOf(',', 20_000)) : joined);
    }

    private String dueDate(String value) {
        JsonNode v = node(value);
        if (v == null) return null;
        if (v.has("date")) return v.path("date").asText();
        String dt = v.path("dateTime").asText();
        return dt.length() >= 10 ? dt.substring(0, 10) : null;
    }

    /** The current assignee's user id of an item, or null. */
    String assignee(ListDocument doc, String itemId) {
        JsonNode v = node(doc.field(itemId, "assignee"));
        return v == null ? null : v.path("user").asText(null);
    }

    /** Open items due before {@code today}. */
    static int overdue(String dueDates, LocalDate today) {
        if (dueDates == null || dueDates.isEmpty()) return 0;
        String t = today.toString();
        int n = 0;
        for (String d : dueDates.split(",")) if (d.compareTo(t) < 0) n++;
        return n;
    }
}
