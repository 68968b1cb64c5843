package io.juntos.lists;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.store.Ids;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every field write must keep, whoever sends it (docs/crdt.md, "Last-writer-wins
 * fields"): the value's shape, that {@code by} is the sender (a crafted client cannot complete or
 * assign in someone else's name), that an assignee is a member. Structure rules that need the
 * whole document (one level of subtasks) are {@link ListDocument}'s. Pure.
 */
public final class ItemRules {
    static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final String ATTACHMENT = "att:";
    private static final Pattern LOCAL_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final long MAX_CLOCK = Integer.MAX_VALUE;

    private final ObjectMapper json;

    public ItemRules(ObjectMapper json) {
        this.json = json;
    }

    /** Who writes: the sender's user id and the list's members at this moment. */
    public record Writer(String userId, Set<String> memberIds) {
    }

    /** A JSON string value's text ({@code "\"abc\""} → {@code abc}); the rules admitted only plain ids there. */
    static String text(String jsonString) {
        return jsonString.length() >= 2 && jsonString.startsWith("\"") ? jsonString.substring(1, jsonString.length() - 1) : jsonString;
    }

    public static boolean isItemId(String s) {
        return s != null && ITEM_ID.matcher(s).matches();
    }

    /** Throws {@link Refused} naming the field when {@code f} breaks a rule; returns the parsed value (null node for null). */
    JsonNode check(ListCodec.FieldPart f, Writer w) {
        if (!isItemId(f.itemId())) throw Refused.bad("update", "invalid_item_id", "Item ids are 1-32 characters of A-Z a-z 0-9 _ -.");
        if (f.lamport() < 1 || f.lamport() > MAX_CLOCK || f.replica() > MAX_CLOCK) throw Refused.bad("update", "invalid_clock", "Lamport and replica must fit 31 bits.");
        JsonNode v = parse(f);
        String field = f.field();
        if (field.startsWith(ATTACHMENT)) {
            attachment(field, v, w);
            return v;
        }
        switch (field) {
            case "done", "created" -> {
                if (v.isNull() && field.equals("done")) return v;
                fields(v, field, "by", "at");
                sender(v, field, w);
                try {
                    Instant.parse(v.path("at").asText());
                } catch (DateTimeException e) {
                    throw Refused.bad(field, "invalid_time", "'at' must be an ISO-8601 instant such as 2026-12-08T10:15:00Z.");
                }
            }
            case "due" -> due(v);
            case "assignee" -> {
                if (v.isNull()) return v;
                fields(v, field, "user", "by");
                sender(v, field, w);
                if (!w.memberIds().contains(v.path("user").asText())) throw Refused.bad("assignee", "not_a_member", "The assignee must be a member of the list.");
            }
            case "parent" -> {
                if (!v.isNull() && !(v.isTextual() && isItemId(v.asText()))) throw Refused.bad("parent", "invalid_item_id", "An item id or null.");
                if (v.isTextual() && v.asText().equals(f.itemId())) throw Refused.bad("parent", "one_level", "An item cannot be its own subtask.");
            }
            default -> throw Refused.bad("update", "unknown_field", "No item field '" + field + "'.");
        }
        return v;
    }

    private JsonNode parse(ListCodec.FieldPart f) {
        try {
            JsonNode v = json.readTree(f.value());
            if (v == null || v.isMissingNode()) throw Refused.bad(f.field(), "invalid_value", "The value must be JSON.");
            return v;
        } catch (JsonProcessingException e) {
            throw Refused.bad(f.field(), "invalid_value", "The value must be JSON.");
        }
    }

    private static void due(JsonNode v) {
        if (v.isNull()) return;
        if (v.has("date")) {
            fields(v, "due", "date");
            String d = v.path("date").asText();
            if (!DATE.matcher(d).matches()) throw Refused.bad("due", "invalid_date", "A date such as 2026-12-24.");
            try {
                LocalDate.parse(d);
            } catch (DateTimeException e) {
                throw Refused.bad("due", "invalid_date", "No such date: " + d + ".");
            }
            return;
        }
        fields(v, "due", "dateTime", "zone");
        String dt = v.path("dateTime").asText();
        try {
            if (!LOCAL_DATE_TIME.matcher(dt).matches()) throw new DateTimeException(dt);
            LocalDateTime.parse(dt);
        } catch (DateTimeException e) {
            throw Refused.bad("due", "invalid_date", "A local date-time such as 2026-12-24T18:30.");
        }
        try {
            ZoneId.of(v.path("zone").asText());
        } catch (DateTimeException e) {
            throw Refused.bad("due", "invalid_zone", "An IANA time zone such as Europe/Madrid.");
        }
    }

    private static void attachment(String field, JsonNode v, Writer w) {
        String mediaId = field.substring(ATTACHMENT.length());
        if (!Ids.isWellFormed(mediaId)) throw Refused.bad(field, "media_not_found", "Not a media id.");
        if (v.isNull()) return;
        fields(v, field, "mediaId", "by");
        sender(v, field, w);
        if (!v.path("mediaId").asText().equals(mediaId)) throw Refused.bad(field, "invalid_value", "mediaId must match the field's key.");
    }

    /** The value is an object with exactly these string members. */
    private static void fields(JsonNode v, String field, String... names) {
        if (!v.isObject() || v.size() != names.length) throw Refused.bad(field, "invalid_value", "Expected an object with " + String.join(", ", names) + ".");
        for (String n : names) if (!v.path(n).isTextual()) throw Refused.bad(field, "invalid_value", "'" + n + "' must be a string.");
    }

    private static void sender(JsonNode v, String field, Writer w) {
        if (!v.path("by").asText().equals(w.userId())) throw Refused.bad(field, "not_the_sender", "'by' must be you.");
    }
}
