package io.juntos.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.config.ConfigException;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestClock;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TURN REST API credentials (coturn's use-auth-secret) and the ICE configuration route. */
class IceServersTest {

    @Test
    void credentialMatchesTheTurnRestApiVector() {
        // Computed independently: printf '1765200000:01hw3kexampleuser0000000000' | openssl dgst -sha1 -hmac north-wind -binary | base64
        var c = IceServers.credential("north-wind", "01hw3kexampleuser0000000000", 1_765_200_000L);
        assertThat(c.username()).isEqualTo("1765200000:01hw3kexampleuser0000000000");
        assertThat(c.credential()).isEqualTo("sANt9Rjt9xt8L8o26D9KF/SkQ+w=");
    }

    @Test
    void iceRouteHandsEachUserShortLivedTurnCredentialsOnTheServersClock() {
        TestClock clock = TestClock.frozen();
        try (TestServer s = TestServer.with(Engine.SQLITE).clock(clock).env(Map.of(
                "JUNTOS_STUN_URLS", "stun:127.0.0.1:3478", "JUNTOS_TURN_URLS", "turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp",
                "JUNTOS_TURN_SECRET", "north-wind", "JUNTOS_TURN_TTL", "10m")).start()) {
            Api api = s.api();
            var ana = api.signup("ana");
            assertThat(api.get("/api/calls/ice").status()).as("signed out").isEqualTo(401);
            Api.Res r = api.as(ana.accessToken()).get("/api/calls/ice");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Cache-Control")).hasValue("no-store");
            JsonNode servers = r.json().path("iceServers");
            assertThat(servers.get(0).path("urls").get(0).asText()).isEqualTo("stun:127.0.0.1:3478");
            JsonNode turn = servers.get(1);
            long expiry = clock.millis() / 1000 + 600;
            assertThat(turn.path("username").asText()).isEqualTo(expiry + ":" + ana.id());
            assertThat(turn.path("credential").asText()).isEqualTo(IceServers.credential("north-wind", ana.id(), expiry).credential());
            assertThat(turn.path("urls")).hasSize(2);
            assertThat(r.json().path("ttlSeconds").asLong()).isEqualTo(600);
        }
    }

    @Test
    void turnWithoutASecretOrWithABadUrlFailsAtStart() {
        assertThatThrownBy(() -> TestServer.start(Engine.SQLITE, Map.of("JUNTOS_TURN_URLS", "turn:127.0.0.1:3478")).close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_TURN_SECRET");
        assertThatThrownBy(() -> TestServer.start(Engine.SQLITE, Map.of("JUNTOS_STUN_URLS", "http://stun.example")).close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_STUN_URLS");
        assertThatThrownBy(() -> TestServer.start(Engine.SQLITE, Map.of("JUNTOS_CALLS_MAX_VIDEO", "9")).close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_CALLS_MAX_VIDEO");
    }
}
