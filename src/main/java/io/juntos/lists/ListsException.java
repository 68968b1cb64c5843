package io.juntos.lists;

import io.juntos.http.ApiException;
import io.juntos.http.FieldError;

import java.util.List;

/** The lists feature's errors, as {@link ApiException}s (one mapping for problem+json and error frames). */
final class ListsException {
    private ListsException() {
    }

    /** No such list, not a member, or in the trash: never distinguished. */
    static ApiException notFound() {
        return ApiException.notFound("The list");
    }

    static ApiException itemNotFound() {
        return ApiException.notFound("The item");
    }

    static ApiException readOnly() {
        return ApiException.forbidden("read_only", "You can view this list but not change it.");
    }

    static ApiException notOwner() {
        return ApiException.forbidden("not_owner", "Only the list's owner can do this.");
    }

    static ApiException linkNotFound() {
        return ApiException.notFound("The invite link");
    }

    static ApiException linkExpired() {
        return new ApiException(410, "link_expired", "This invite link has expired; ask the owner for a new one.");
    }

    /** A refused update: {@code bad_update} or {@code too_large} over the socket, validation over REST. */
    static ApiException refused(Refused r, boolean socket) {
        List<FieldError> errors = List.of(new FieldError(r.field(), r.code(), r.getMessage()));
        if (r.tooLarge()) return new ApiException(422, "too_large", r.getMessage(), errors, null);
        return new ApiException(422, socket ? "bad_update" : "validation_failed", r.getMessage(), errors, null);
    }
}
