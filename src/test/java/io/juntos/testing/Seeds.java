package io.juntos.testing;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeds for randomized tests, replayable by one setting. Every run prints its seed; a
 * failing try names its own seed. Setting the system property {@code juntos.seed}
 * ({@code mvn test -Djuntos.seed=42}) or the environment variable {@code JUNTOS_SEED}
 * starts the tries from that seed, so the failing try is the first one replayed.
 *
 * <p>Try {@code i} of a run starting at seed {@code s} uses seed {@code s + i} (each try
 * builds its own {@link Random}, which scrambles the seed), so the seed printed for a run
 * and the seed named by a failure both replay.
 */
public final class Seeds {
    public static final String PROPERTY = "juntos.seed";
    public static final String ENV = "JUNTOS_SEED";

    private Seeds() {
    }

    /** The configured seed, or a fresh one. */
    public static long start() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Long.parseLong(configured.trim());
        }
        return new Random().nextLong();
    }

    /**
     * Runs {@code body} {@code tries} times, each with its own seeded {@link Random}; prints
     * the starting seed, and on failure rethrows with the failing try's seed.
     */
    public static void tries(String name, int tries, Consumer<Random> body) {
        long start = start();
        System.out.println(name + ": seed=" + start + " (replay with -D" + PROPERTY + "=" + start + " or " + ENV + "=" + start + ")");
        for (int i = 0; i < tries; i++) {
            long seed = start + i;
            try {
                body.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " failed at try " + i + " with seed=" + seed
                        + " (replay with -D" + PROPERTY + "=" + seed + " or " + ENV + "=" + seed + "): " + e.getMessage(), e);
            }
        }
    }
}
