package io.juntos.http;

import java.time.Duration;
import java.util.List;

/**
 * The root of every error a client is meant to see. Each carries an HTTP status, a stable machine
 * {@code code}, a human {@code detail} and, for validation, the offending fields. Mapped to RFC 9457
 * problem+json in one place ({@link Problems}); the gateway maps the same type to error frames.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, List.of(), null);
    }

    public ApiException(int status, String code, String detail, List<FieldError> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.getFirst().message() : "Some fields are invalid.";
        return new ApiException(422, "validation_failed", detail, errors, null);
    }

    public static ApiException invalid(String field, String code, String message) {
        return invalid(List.of(new FieldError(field, code, message)));
    }

    public static ApiException unauthorized(String code, String detail) {
        return new ApiException(401, code, detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, detail);
    }

    /** Also what a caller gets for an id it may not see: existence is not revealed. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " was not found.");
    }

    public static ApiException conflict(String code, String field, String detail) {
        return new ApiException(409, code, detail, field == null ? List.of() : List.of(new FieldError(field, code, detail)), null);
    }

    public static ApiException tooMany(String code, String detail, Duration retryAfter) {
        return new ApiException(429, code, detail, List.of(), retryAfter);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "payload_too_large", detail);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported_media_type", detail);
    }

    public static ApiException unavailable(String code, String detail, Duration retryAfter) {
        return new ApiException(503, code, detail, List.of(), retryAfter);
    }
}
