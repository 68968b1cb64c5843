package io.juntos.auth;

import io.juntos.testing.Engine;
import io.juntos.testing.TestClock;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionLifetimeTest {

    @Test
    void refreshTokenUnusedForTheIdleLifetimeExpires() throws Exception {
        var clock = TestClock.ticking();
        try (var s = TestServer.with(Engine.SQLITE).clock(clock).env(Map.of("JUNTOS_REFRESH_IDLE_TTL", "1h", "JUNTOS_REFRESH_MAX_TTL", "90d")).start()) {
            var a = s.api().signup("idle");
            clock.advance(Duration.ofMinutes(61));
            var r = s.api().post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("refresh_expired");
        }
    }

    @Test
    void sessionEndsAfterItsMaximumLifetimeEvenWhenUsed() throws Exception {
        var clock = TestClock.ticking();
        try (var s = TestServer.with(Engine.SQLITE).clock(clock).env(Map.of("JUNTOS_REFRESH_IDLE_TTL", "1d", "JUNTOS_REFRESH_MAX_TTL", "2d")).start()) {
            var a = s.api().signup("max");
            clock.advance(Duration.ofHours(23));
            var r1 = s.api().post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
            assertThat(r1.status()).isEqualTo(200);
            clock.advance(Duration.ofHours(23)); // used within the idle lifetime each time...
            var still = s.api().post("/api/auth/refresh", Map.of("refreshToken", r1.json().path("refreshToken").asText()));
            assertThat(still.status()).isEqualTo(200);
            r1 = still;
            clock.advance(Duration.ofHours(3)); // ...but past the maximum lifetime
            var r2 = s.api().post("/api/auth/refresh", Map.of("refreshToken", r1.json().path("refreshToken").asText()));
            assertThat(r2.code()).isEqualTo("refresh_expired");
        }
    }

    @Test
    void passwordsAreStoredAsArgon2idAtOwaspParameters() {
        try (var s = TestServer.start(Engine.SQLITE)) {
            var a = s.api().signup("hash");
            String hash = s.juntos().platform().db().jdbi().withHandle(h ->
                    h.createQuery("SELECT password_hash FROM users WHERE id = :id").bind("id", a.id()).mapTo(String.class).one());
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(a.password());
            String tokenRow = s.juntos().platform().db().jdbi().withHandle(h ->
                    h.createQuery("SELECT token_hash FROM refresh_tokens").mapTo(String.class).one());
            assertThat(tokenRow).hasSize(64).isNotEqualTo(a.refreshToken());
        }
    }
}
