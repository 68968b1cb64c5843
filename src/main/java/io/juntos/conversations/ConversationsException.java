package io.juntos.conversations;

import io.juntos.http.ApiException;

/**
 * The conversations feature's errors. They are {@link ApiException}s so that one mapping turns
 * them into problem+json (REST) or error frames (gateway); the factories name every code we use.
 */
final class ConversationsException {
    private ConversationsException() {
    }

    static ApiException conversationNotFound() {
        return ApiException.notFound("The conversation");
    }

    static ApiException messageNotFound() {
        return ApiException.notFound("The message");
    }

    static ApiException notAllowed(String detail) {
        return ApiException.forbidden("not_allowed", detail);
    }

    static ApiException directOnly(String detail) {
        return ApiException.conflict("direct_conversation", null, detail);
    }

    static ApiException deleted() {
        return ApiException.conflict("message_deleted", null, "The message was deleted.");
    }
}
