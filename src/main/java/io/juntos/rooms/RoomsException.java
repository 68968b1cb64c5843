package io.juntos.rooms;

import io.juntos.http.ApiException;
import io.juntos.playback.PlaybackException;

/** The rooms feature's errors, as {@link ApiException}s (one mapping for problem+json and error frames). */
final class RoomsException {
    private RoomsException() {
    }

    static ApiException roomNotFound() {
        return ApiException.notFound("The room");
    }

    static ApiException linkNotFound() {
        return ApiException.notFound("The join link");
    }

    static ApiException linkExpired() {
        return new ApiException(410, "link_expired", "This join link has expired; ask the host for a new one.");
    }

    static ApiException roomFull(int max) {
        return ApiException.conflict("room_full", null, "The room is full (" + max + " members).");
    }

    static ApiException notController() {
        return ApiException.forbidden("not_controller", "Only people the host lets control playback can do this.");
    }

    static ApiException notHost() {
        return ApiException.forbidden("not_host", "Only the host can do this.");
    }

    static ApiException invalid(PlaybackException e) {
        return ApiException.invalid(e.field(), e.code(), e.getMessage());
    }
}
