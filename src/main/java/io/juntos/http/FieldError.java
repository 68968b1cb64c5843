package io.juntos.http;

/** One invalid field in a request: {@code field} is a JSON path like {@code email} or {@code items[2].title}. */
public record FieldError(String field, String code, String message) {
}
