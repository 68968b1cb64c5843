package io.juntos.push;

import io.juntos.http.ApiException;

/** Push's problems as clients see them (problem+json codes). */
final class PushException {
    private PushException() {
    }

    static ApiException tooManyDevices(int max) {
        return ApiException.conflict("too_many_devices", "endpoint", "At most " + max + " devices per person. Remove one in your profile first.");
    }

    static ApiException subscriptionNotFound() {
        return ApiException.notFound("subscription");
    }
}
