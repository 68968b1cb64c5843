package io.juntos.config;

import io.juntos.Juntos;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupFailureTest {

    @Test
    void aTakenPortStopsStartupNamingTheVariable() throws Exception {
        try (var first = TestServer.start(Engine.SQLITE)) {
            var dir = Files.createTempDirectory("juntos-port-");
            assertThatThrownBy(() -> Juntos.start(new Env(Map.of("JUNTOS_PORT", Integer.toString(first.port()), "JUNTOS_BIND", "127.0.0.1",
                    "JUNTOS_DATA_DIR", dir.toString(), "JUNTOS_LOG_LEVEL", "ERROR"))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("JUNTOS_PORT:");
        }
    }

    @Test
    void anUnreadableTokenKeyStopsStartupNamingTheVariable() throws Exception {
        var dir = Files.createTempDirectory("juntos-key-");
        assertThatThrownBy(() -> Juntos.start(new Env(Map.of("JUNTOS_PORT", "0", "JUNTOS_DATA_DIR", dir.toString(),
                "JUNTOS_TOKEN_KEY", "short", "JUNTOS_LOG_LEVEL", "ERROR"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("JUNTOS_TOKEN_KEY:");
    }

    @Test
    void anUnreachableRedisStopsStartupNamingTheVariable() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        var dir = Files.createTempDirectory("juntos-redis-");
        assertThatThrownBy(() -> Juntos.start(new Env(Map.of("JUNTOS_PORT", "0", "JUNTOS_DATA_DIR", dir.toString(),
                "JUNTOS_REDIS_URL", "redis://127.0.0.1:" + closedPort + "/0", "JUNTOS_LOG_LEVEL", "ERROR"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("JUNTOS_REDIS_URL:")
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }
}
