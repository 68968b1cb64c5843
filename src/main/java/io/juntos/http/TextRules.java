package io.juntos.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one rule every piece of client text obeys, whatever field or engine: no NUL or other
 * control characters (tab, line feed and carriage return excepted), and no lone UTF-16
 * surrogates. PostgreSQL cannot store NUL (the insert fails), and a lone surrogate cannot be
 * encoded in UTF-8 (it would be stored as '?'), so both are refused up front with the field named.
 * Applied to every JSON body and socket request by {@link Bodies}, to query parameters by
 * {@link InputGuard}, and to any other string through {@link Checks}.
 */
public final class TextRules {
    public static final String CODE = "invalid_characters";
    public static final String MESSAGE = "Contains control characters or invalid Unicode (such as NUL or a lone surrogate).";

    private TextRules() {
    }

    /** True when the text may be stored as it is. */
    public static boolean acceptable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') return false;
            } else if (c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                return false;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Every string value and member name in the tree that breaks the rule, by JSON path. */
    public static List<FieldError> check(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        walk(root, "", errors);
        return errors;
    }

    private static void walk(JsonNode node, String path, List<FieldError> errors) {
        if (errors.size() >= 20) return;
        if (node.isTextual()) {
            if (!acceptable(node.textValue())) errors.add(new FieldError(path, CODE, MESSAGE));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!acceptable(e.getKey())) errors.add(new FieldError(path.isEmpty() ? "(name)" : path, CODE, MESSAGE));
                else walk(e.getValue(), child, errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", errors);
        }
    }
}
