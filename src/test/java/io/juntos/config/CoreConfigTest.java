package io.juntos.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoreConfigTest {

    @Test
    void defaultsNeedNoVariables() {
        CoreConfig c = CoreConfig.from(new Env(Map.of()));
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dbUrl()).startsWith("jdbc:sqlite:").endsWith("juntos.db");
        assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.allowedOrigins()).containsExactly("http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080");
        assertThat(c.maxBodyBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void withoutAPublicUrlEveryLoopbackNameOfThePortIsAllowed() {
        CoreConfig c = CoreConfig.from(new Env(Map.of("JUNTOS_PORT", "9123")));
        assertThat(c.allowsOrigin("http://127.0.0.1:9123")).isTrue();
        assertThat(c.allowsOrigin("http://[::1]:9123")).isTrue();
        assertThat(c.allowsOrigin("http://localhost:9123")).isTrue();
        assertThat(c.allowsOrigin("http://127.0.0.1:9124")).isFalse();
        CoreConfig published = CoreConfig.from(new Env(Map.of("JUNTOS_PORT", "9123", "JUNTOS_PUBLIC_URL", "https://chat.example.org")));
        assertThat(published.allowedOrigins()).containsExactly("https://chat.example.org");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> CoreConfig.from(new Env(Map.of("JUNTOS_PORT", "eighty")))).hasMessageStartingWith("JUNTOS_PORT:");
        assertThatThrownBy(() -> CoreConfig.from(new Env(Map.of("JUNTOS_PORT", "70000")))).hasMessageStartingWith("JUNTOS_PORT:");
        assertThatThrownBy(() -> CoreConfig.from(new Env(Map.of("JUNTOS_DB_URL", "jdbc:mysql://x")))).hasMessageStartingWith("JUNTOS_DB_URL:");
        assertThatThrownBy(() -> CoreConfig.from(new Env(Map.of("JUNTOS_ACCESS_TOKEN_TTL", "soon")))).hasMessageStartingWith("JUNTOS_ACCESS_TOKEN_TTL:");
        assertThatThrownBy(() -> CoreConfig.from(new Env(Map.of("JUNTOS_ALLOWED_ORIGINS", "example.org/path")))).hasMessageStartingWith("JUNTOS_ALLOWED_ORIGINS:");
        assertThatThrownBy(() -> CoreConfig.from(new Env(Map.of("JUNTOS_LOG_LEVEL", "LOUD")))).hasMessageStartingWith("JUNTOS_LOG_LEVEL:");
        assertThatThrownBy(() -> CoreConfig.from(new Env(Map.of("JUNTOS_MAX_BODY_BYTES", "lots")))).hasMessageStartingWith("JUNTOS_MAX_BODY_BYTES:");
    }

    @Test
    void durationsAndSizesAcceptHumanUnits() {
        Env env = new Env(Map.of("A", "30d", "B", "PT15M", "C", "64KiB", "D", "250ms"));
        assertThat(env.duration("A", null)).isEqualTo(Duration.ofDays(30));
        assertThat(env.duration("B", null)).isEqualTo(Duration.ofMinutes(15));
        assertThat(env.bytes("C", 0)).isEqualTo(65536);
        assertThat(env.duration("D", null)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void secretsAreNotPrinted() {
        CoreConfig c = CoreConfig.from(new Env(Map.of("JUNTOS_DB_PASSWORD", "hunter2-secret", "JUNTOS_TOKEN_KEY", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=")));
        assertThat(c.toString()).doesNotContain("hunter2-secret").doesNotContain("c2VjcmV0");
    }
}
