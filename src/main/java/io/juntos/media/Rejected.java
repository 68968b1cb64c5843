package io.juntos.media;

import io.juntos.http.ApiException;

/** A definite "no" about uploaded bytes (wrong size, type, unreadable): the upload is discarded. */
final class Rejected extends Exception {
    final ApiException problem;

    Rejected(ApiException problem) {
        super(problem.getMessage(), null, false, false);
        this.problem = problem;
    }
}
