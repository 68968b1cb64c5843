package io.juntos.assist;

import java.time.Duration;

/**
 * Why a suggestion stream from the model failed, as the client sees it in {@code assist.error}.
 * The detail never holds the prompt, the key or the endpoint's body (it may echo either).
 */
final class UpstreamException extends RuntimeException {
    private final String code;
    private final Duration retryAfter;

    UpstreamException(String code, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static UpstreamException of(String code, String detail) {
        return new UpstreamException(code, detail, null);
    }

    String code() {
        return code;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    /** Maps an HTTP status other than 200 from the endpoint. */
    static UpstreamException forStatus(int status, Duration retryAfter) {
        return switch (status) {
            case 429 -> new UpstreamException("ai_rate_limited", "The language model is busy (429). Try again shortly.", retryAfter);
            case 401, 403 -> of("ai_refused", "The language model endpoint refused the configured key (" + status + ").");
            case 404 -> of("ai_misconfigured", "The language model endpoint or model was not found (404).");
            default -> status >= 500
                    ? new UpstreamException("ai_unavailable", "The language model endpoint failed (" + status + ").", retryAfter)
                    : of("ai_bad_response", "The language model endpoint answered " + status + ".");
        };
    }
}
