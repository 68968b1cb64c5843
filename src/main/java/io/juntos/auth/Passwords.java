package io.juntos.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.juntos.http.ApiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Password hashing with argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1). Each hash
 * holds 19 MiB, so at most {@code maxConcurrent} run at once: a burst of sign-ins queues briefly
 * and then gets 503 instead of exhausting memory.
 */
public final class Passwords {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, 32, Argon2.ID);

    private final Semaphore permits;
    private final Set<String> common;
    /** Verified against when the user does not exist, so both failures take about as long. */
    private final String decoyHash;

    public Passwords(int maxConcurrent) {
        this.permits = new Semaphore(maxConcurrent, true);
        this.common = loadCommon();
        this.decoyHash = hash("decoy password that never matches");
    }

    public String hash(String password) {
        return guarded(() -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult());
    }

    public boolean verify(String password, String hash) {
        return guarded(() -> Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash)));
    }

    /** Burns the same time as a real verification, for unknown users. */
    public void verifyDecoy(String password) {
        verify(password, decoyHash);
    }

    public boolean isCommon(String password) {
        return common.contains(password.toLowerCase(Locale.ROOT));
    }

    private <T> T guarded(java.util.function.Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) throw ApiException.unavailable("server_busy", "Too many sign-ins at once; try again shortly.", Duration.ofSeconds(2));
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    private static Set<String> loadCommon() {
        Set<String> out = new HashSet<>();
        var in = Passwords.class.getResourceAsStream("/auth/common-passwords.txt");
        if (in == null) throw new IllegalStateException("common-passwords.txt missing from the jar");
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.lines().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Set.copyOf(out);
    }
}
