package io.juntos.crdt;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Skips loudly when shared test data or tools are missing on a dev machine; fails on CI. */
final class TraceAvailability {
    private TraceAvailability() {
    }

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is missing";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true, so this fails instead of skipping)");
        }
        System.err.println("!!! SKIPPED: " + message);
        Assumptions.abort(message);
    }

    static Path trace(String name) {
        Path p = EditingTrace.path(name);
        require(Files.isRegularFile(p), "trace " + p.toAbsolutePath().normalize());
        return p;
    }
}
