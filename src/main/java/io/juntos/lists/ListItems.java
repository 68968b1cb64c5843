package io.juntos.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.http.ApiException;
import io.juntos.http.FieldError;
import io.juntos.http.TextRules;
import io.juntos.store.Ids;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Items over REST, for clients that do not speak the CRDT: every write is an edit of the server's
 * replica (so live clients receive it as an ordinary {@code list.update}), checked by the same
 * {@link ItemRules} as a client's update; reads are the projection of that replica.
 */
final class ListItems {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> CREATE = Set.of("title", "notes", "due", "assignee", "parent", "index");
    private static final Set<String> PATCH = Set.of("title", "notes", "done", "due", "assignee", "parent", "index");

    private final ListWrites writes;
    private final ListProjection projection;
    private final ItemRules rules;
    private final ListLimits limits;
    private final ObjectMapper json;
    private final Clock clock;

    ListItems(ListWrites writes, ListProjection projection, ItemRules rules, ListLimits limits, ObjectMapper json, Clock clock) {
        this.writes = writes;
        this.projection = projection;
        this.rules = rules;
        this.limits = limits;
        this.json = json;
        this.clock = clock;
    }

    /** The list's items and its seq (the stream position this projection reflects). */
    Map<String, Object> read(String userId, String listId) {
        return writes.read(listId, userId, (doc, seq) -> Map.of("items", projection.items(doc), "seq", seq));
    }

    Map<String, Object> create(String userId, String listId, JsonNode body) {
        fieldsOnly(body, CREATE);
        if (!body.hasNonNull("title")) throw ApiException.invalid("title", "required", "This field is required.");
        String itemId = newItemId();
        var accepted = writes.local(listId, userId, e -> {
            if (e.doc().itemIds().size() >= limits.items()) {
                throw ListsException.refused(Refused.limit("items", "too_many", "At most " + limits.items() + " items in a list."), false);
            }
            Map<String, String> fields = fields(body, itemId, e, true);
            String title = text(body, "title", limits.titleChars(), true);
            String notes = text(body, "notes", limits.notesChars(), false);
            int index = index(body, e.doc().itemIds().size());
            e.editor().insertItem(index, itemId);
            e.editor().setText(ListDocument.TITLE + itemId, title);
            if (notes != null && !notes.isEmpty()) e.editor().setText(ListDocument.NOTES + itemId, notes);
            fields.forEach((f, v) -> e.editor().setField(itemId, f, v));
        });
        return written(userId, listId, itemId, accepted);
    }

    Map<String, Object> patch(String userId, String listId, String itemId, JsonNode body) {
        fieldsOnly(body, PATCH);
        var accepted = writes.local(listId, userId, e -> {
            requireItem(e.doc(), itemId);
            Map<String, String> fields = fields(body, itemId, e, false);
            String title = body.has("title") ? text(body, "title", limits.titleChars(), true) : null;
            String notes = body.has("notes") ? text(body, "notes", limits.notesChars(), false) : null;
            if (body.has("index")) e.editor().moveItem(itemId, index(body, e.doc().itemIds().size() - 1));
            if (title != null) e.editor().setText(ListDocument.TITLE + itemId, title);
            if (notes != null) e.editor().setText(ListDocument.NOTES + itemId, notes);
            fields.forEach((f, v) -> e.editor().setField(itemId, f, v));
        });
        return written(userId, listId, itemId, accepted);
    }

    /** Removes an item and its subtasks. */
    long delete(String userId, String listId, String itemId) {
        return writes.local(listId, userId, e -> {
            requireItem(e.doc(), itemId);
            for (String other : e.doc().itemIds()) if (itemId.equals(e.doc().parent(other))) e.editor().removeItem(other);
            e.editor().removeItem(itemId);
        }).seq();
    }

    Map<String, Object> attach(String userId, String listId, String itemId, JsonNode body, boolean on) {
        fieldsOnly(body, Set.of("mediaId"));
        String mediaId = body.path("mediaId").asText(null);
        if (mediaId == null || !Ids.isWellFormed(mediaId)) throw ApiException.invalid("mediaId", "media_not_found", "No such upload of yours.");
        return attachment(userId, listId, itemId, mediaId, on);
    }

    Map<String, Object> attachment(String userId, String listId, String itemId, String mediaId, boolean on) {
        var accepted = writes.local(listId, userId, e -> {
            requireItem(e.doc(), itemId);
            if (!on && e.doc().field(itemId, ItemRules.ATTACHMENT + mediaId) == null) throw ApiException.notFound("The attachment");
            String value = on ? json.createObjectNode().put("mediaId", mediaId).put("by", userId).toString() : "null";
            e.editor().setField(itemId, ItemRules.ATTACHMENT + mediaId, value);
        });
        return written(userId, listId, itemId, accepted);
    }

    private Map<String, Object> written(String userId, String listId, String itemId, ListWrites.Accepted accepted) {
        return writes.read(listId, userId, (doc, seq) -> Map.of("item", projection.item(doc, itemId), "seq", accepted.seq()));
    }

    /** The LWW fields a request sets, as JSON values, each checked by the rules a client's update meets. */
    private Map<String, String> fields(JsonNode body, String itemId, ListWrites.Edit e, boolean creating) {
        String me = e.writer().userId();
        Map<String, String> out = new LinkedHashMap<>();
        if (creating) out.put("created", json.createObjectNode().put("by", me).put("at", clock.instant().toString()).toString());
        if (body.has("done")) {
            if (!body.get("done").isBoolean()) throw ApiException.invalid("done", "wrong_type", "true or false.");
            out.put("done", body.get("done").asBoolean() ? json.createObjectNode().put("by", me).put("at", clock.instant().toString()).toString() : "null");
        }
        if (body.has("due")) out.put("due", body.get("due").toString());
        if (body.has("assignee")) {
            JsonNode a = body.get("assignee");
            if (!a.isNull() && !a.isTextual()) throw ApiException.invalid("assignee", "wrong_type", "A member's user id or null.");
            out.put("assignee", a.isNull() ? "null" : json.createObjectNode().put("user", a.asText()).put("by", me).toString());
        }
        if (body.has("parent")) out.put("parent", body.get("parent").toString());
        List<FieldError> errors = new ArrayList<>();
        out.forEach((f, v) -> {
            try {
                rules.check(new ListCodec.FieldPart(itemId, f, 1, 0, v), e.writer());
            } catch (Refused r) {
                errors.add(new FieldError(r.field(), r.code(), r.getMessage()));
            }
        });
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        String parent = body.path("parent").isTextual() ? body.get("parent").asText() : null;
        if (parent != null) checkParent(e.doc(), itemId, parent);
        return out;
    }

    private static void checkParent(ListDocument doc, String itemId, String parent) {
        if (!doc.itemIds().contains(parent)) throw ApiException.invalid("parent", "not_found", "The parent item is not in the list.");
        if (doc.parent(parent) != null) throw ApiException.invalid("parent", "one_level", "A subtask cannot have subtasks.");
        for (String other : doc.itemIds()) {
            if (itemId.equals(doc.parent(other))) throw ApiException.invalid("parent", "one_level", "An item with subtasks cannot become a subtask.");
        }
    }

    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ApiException.invalid(field, "required", "This field is required.");
            return null;
        }
        if (!v.isTextual()) throw ApiException.invalid(field, "wrong_type", "A string.");
        String s = v.asText();
        if (!TextRules.acceptable(s)) throw ApiException.invalid(field, TextRules.CODE, TextRules.MESSAGE);
        if (required && s.isBlank()) throw ApiException.invalid(field, "too_short", "This field must not be empty.");
        if (s.length() > max) throw ApiException.invalid(field, "too_long", "At most " + max + " characters.");
        return s;
    }

    private static int index(JsonNode body, int fallback) {
        JsonNode v = body.get("index");
        if (v == null || v.isNull()) return Math.max(0, fallback);
        if (!v.isInt() || v.asInt() < 0) throw ApiException.invalid("index", "out_of_range", "A position from 0.");
        return Math.min(v.asInt(), Math.max(0, fallback));
    }

    private static void requireItem(ListDocument doc, String itemId) {
        if (!ItemRules.isItemId(itemId) || !doc.itemIds().contains(itemId)) throw ListsException.itemNotFound();
    }

    private static void fieldsOnly(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) throw ApiException.badRequest("malformed_body", "A JSON object.");
        List<FieldError> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) unknown.add(new FieldError(f, "unknown_field", "Not a field of this request."));
        });
        if (!unknown.isEmpty()) throw ApiException.invalid(unknown);
    }

    static String newItemId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
