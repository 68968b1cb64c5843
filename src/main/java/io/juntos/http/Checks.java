package io.juntos.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every field error of a request before failing, so a client learns all of them at once.
 * Lengths count Unicode code points, not UTF-16 units.
 */
public final class Checks {
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@<>()\\[\\],;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private final List<FieldError> errors = new ArrayList<>();

    /** Checks a required string; returns true when present and within bounds. */
    public boolean text(String field, String value, int min, int max) {
        if (value == null) {
            add(field, "required", "This field is required.");
            return false;
        }
        if (!TextRules.acceptable(value)) {
            add(field, TextRules.CODE, TextRules.MESSAGE);
            return false;
        }
        int len = value.codePointCount(0, value.length());
        if (len < min || (min > 0 && value.isBlank())) {
            add(field, "too_short", min <= 1 ? "This field must not be empty." : "Must be at least " + min + " characters.");
            return false;
        }
        if (len > max) {
            add(field, "too_long", "Must be at most " + max + " characters.");
            return false;
        }
        return true;
    }

    /** Checks an optional string: absent (null) is fine. */
    public boolean optionalText(String field, String value, int min, int max) {
        return value == null || text(field, value, min, max);
    }

    public void pattern(String field, String value, Pattern pattern, String code, String message) {
        if (value != null && !pattern.matcher(value).matches()) add(field, code, message);
    }

    public void email(String field, String value) {
        if (text(field, value, 3, 254) && !EMAIL.matcher(value).matches()) {
            add(field, "invalid_email", "This is not a valid email address.");
        }
    }

    public void url(String field, String value) {
        if (value == null || value.isEmpty()) return;
        if (value.length() > 2048) {
            add(field, "too_long", "Must be at most 2048 characters.");
            return;
        }
        try {
            var uri = new java.net.URI(value);
            boolean ok = (uri.getScheme() != null && (uri.getScheme().equals("https") || uri.getScheme().equals("http")) && uri.getHost() != null)
                    || (uri.getScheme() == null && value.startsWith("/") && !value.startsWith("//"));
            if (!ok) add(field, "invalid_url", "Must be an http(s) URL or a path on this server.");
        } catch (java.net.URISyntaxException e) {
            add(field, "invalid_url", "Must be an http(s) URL or a path on this server.");
        }
    }

    public void check(boolean ok, String field, String code, String message) {
        if (!ok) add(field, code, message);
    }

    public void add(String field, String code, String message) {
        errors.add(new FieldError(field, code, message));
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
    }
}
