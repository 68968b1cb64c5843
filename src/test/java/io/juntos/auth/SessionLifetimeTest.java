package io.juntos.auth;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionLifetimeTest {

    @Test
    void refreshTokenUnusedForTheIdleLifetimeExpires() throws Exception {
        try (var s = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_REFRESH_IDLE_TTL", "1s", "JUNTOS_REFRESH_MAX_TTL", "1h"))) {
            var a = s.api().signup("idle");
            Thread.sleep(1300);
            var r = s.api().post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("refresh_expired");
        }
    }

    @Test
    void sessionEndsAfterItsMaximumLifetimeEvenWhenUsed() throws Exception {
        try (var s = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_REFRESH_IDLE_TTL", "2s", "JUNTOS_REFRESH_MAX_TTL", "2s"))) {
            var a = s.api().signup("max");
            Thread.sleep(1100);
            var r1 = s.api().post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
            assertThat(r1.status()).isEqualTo(200);
            Thread.sleep(1100);
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
