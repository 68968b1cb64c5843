package io.juntos.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads JSON request bodies with a size cap, turning every way a body can be wrong into a 4xx
 * problem that names the field. Handlers call {@link #read} and never see raw Jackson errors.
 */
public final class Bodies {
    private final ObjectMapper mapper;
    private final long maxBytes;

    public Bodies(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public <T> T read(Context ctx, Class<T> type) {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw ApiException.unsupportedMediaType("Send the body as application/json.");
        }
        byte[] bytes = readCapped(ctx);
        if (bytes.length == 0) throw ApiException.badRequest("missing_body", "The request needs a JSON body.");
        return parse(bytes, type);
    }

    public <T> T parse(byte[] bytes, Class<T> type) {
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
        }
        return parse(tree, type);
    }

    /** Binds an already parsed tree (a socket request's data) with the same rules and codes. */
    public <T> T parse(JsonNode tree, Class<T> type) {
        if (tree == null || tree.isMissingNode()) throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
        List<FieldError> bad = TextRules.check(tree);
        if (!bad.isEmpty()) throw ApiException.invalid(bad);
        try {
            T value = mapper.treeToValue(tree, type);
            if (value == null) throw ApiException.badRequest("missing_body", "The request needs a JSON object, not null.");
            return value;
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw new ApiException(400, "unknown_field", "Unknown field '" + field + "'.",
                    List.of(new FieldError(field, "unknown_field", "This field is not accepted here.")), null);
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) throw ApiException.badRequest("malformed_json", "The body must be a JSON object.");
            throw new ApiException(400, "wrong_type", "Field '" + field + "' has the wrong type.",
                    List.of(new FieldError(field, "wrong_type", "Expected " + expected(e) + ".")), null);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ApiException api) throw api;
            throw ApiException.badRequest("malformed_json", "The body could not be read.");
        } catch (JsonParseException e) {
            throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "The body could not be read.");
        }
    }

    private byte[] readCapped(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw ApiException.tooLarge("The body is larger than " + maxBytes + " bytes.");
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) throw ApiException.tooLarge("The body is larger than " + maxBytes + " bytes.");
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable_body", "The body could not be read.");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(MismatchedInputException e) {
        Class<?> t = e.getTargetType();
        if (t == null) return "another type";
        if (t == String.class) return "a string";
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "a whole number";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (List.class.isAssignableFrom(t) || t.isArray()) return "an array";
        if (t.isEnum()) return "one of " + java.util.Arrays.toString(t.getEnumConstants());
        return "an object";
    }
}
