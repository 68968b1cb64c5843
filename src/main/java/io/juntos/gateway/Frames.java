package io.juntos.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.juntos.http.ApiException;
import io.juntos.http.FieldError;
import java.util.List;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON envelopes of docs/protocol.md §2. Parsing never throws: every way a frame can be wrong
 * becomes a {@link Bad} that the connection answers with an error frame.
 */
public final class Frames {
    static final int MAX_ID_LENGTH = 64;

    sealed interface Inbound permits Request, Pong, Bad {
    }

    record Request(String type, String id, JsonNode data) implements Inbound {
    }

    record Pong() implements Inbound {
    }

    /** {@code field}: the envelope member at fault, reported as {@code errors[0].field}, or null. */
    record Bad(String id, String code, String detail, String field) implements Inbound {
        Bad(String id, String code, String detail) {
            this(id, code, detail, null);
        }

        ApiException problem() {
            return field == null ? new ApiException(400, code, detail)
                    : new ApiException(400, code, detail, List.of(new FieldError(field, code, "This field is not accepted here.")), null);
        }
    }

    private final ObjectMapper mapper;

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Inbound parse(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return new Bad(null, "malformed_frame", "The frame is not valid JSON.");
        }
        if (root == null || !root.isObject()) return new Bad(null, "malformed_frame", "The frame is not a JSON object.");
        JsonNode idNode = root.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        if (idNode != null && !idNode.isNull() && (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH)) {
            return new Bad(null, "invalid_id", "id must be a string of 1 to " + MAX_ID_LENGTH + " characters.");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("type") && !f.equals("id") && !f.equals("data")) return new Bad(id, "unknown_field", "Unknown envelope field '" + f + "'.", f);
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) return new Bad(id, "missing_type", "The frame needs a string type.");
        if (type.asText().equals("pong")) return new Pong();
        if (id == null) return new Bad(null, "missing_id", "Requests need an id.");
        JsonNode data = root.get("data");
        if (data != null && !data.isObject() && !data.isNull()) return new Bad(id, "malformed_frame", "data must be a JSON object.");
        return new Request(type.asText(), id, data == null || data.isNull() ? mapper.createObjectNode() : data);
    }

    /** Reads a request's data into its record, with the same strict rules (and error codes) as HTTP bodies. */
    <T> T data(JsonNode data, Class<T> type, io.juntos.http.Bodies bodies) {
        return bodies.parse(data, type);
    }

    String ack(String id, Object data) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "ack");
        f.put("id", id);
        f.put("data", data == null ? Map.of() : data);
        return write(f);
    }

    String error(String id, ApiException e) {
        ObjectNode f = mapper.createObjectNode();
        f.put("type", "error");
        f.put("id", id);
        f.put("code", e.code());
        f.put("detail", e.detail());
        if (!e.errors().isEmpty()) f.set("errors", mapper.valueToTree(e.errors()));
        if (e.retryAfter() != null) f.put("retryAfterMs", e.retryAfter().toMillis());
        return write(f);
    }

    String error(String id, String code, String detail) {
        return error(id, new ApiException(400, code, detail));
    }

    /** An event frame, encoded once and then sent as is to every recipient. */
    public String event(String type, Object data) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", type);
        f.put("data", data);
        return write(f);
    }

    private String write(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("frame not serialisable", e);
        }
    }
}
