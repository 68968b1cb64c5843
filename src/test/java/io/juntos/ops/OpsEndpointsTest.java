package io.juntos.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpsEndpointsTest {

    @Test
    void healthReadinessAndMetricsAnswer() {
        try (var s = TestServer.start(Engine.SQLITE)) {
            var api = s.api();
            assertThat(api.get("/healthz").json().path("status").asText()).isEqualTo("up");
            var ready = api.get("/readyz");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("database").asText()).isEqualTo("up");
            api.signup("metrics");
            String metrics = api.get("/metrics").body();
            assertThat(metrics).contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/auth/signup\",status=\"201\"}");
            assertThat(metrics).contains("jvm_memory_used_bytes", "hikaricp_connections");
        }
    }

    @Test
    void readinessFailsWhenTheDatabaseIsGone() {
        try (var s = TestServer.start(Engine.SQLITE)) {
            s.juntos().platform().db().close();
            var ready = s.api().get("/readyz");
            assertThat(ready.status()).isEqualTo(503);
        }
    }

    @Test
    void secretsNeverReachTheLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        var previous = root.getLevel();
        try (var s = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_LOG_LEVEL", "DEBUG"))) {
            var a = s.api().signup("logs");
            s.api().post("/api/auth/signin", Map.of("login", a.username(), "password", a.password()));
            s.api().post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
            s.api().as(a.accessToken()).get("/api/profile");
            String all = String.join("\n", captured.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList());
            assertThat(all).contains("path=/api/auth/signin");
            assertThat(all).doesNotContain(a.password()).doesNotContain(a.refreshToken()).doesNotContain(a.accessToken());
        } finally {
            root.detachAppender(captured);
            root.setLevel(previous);
        }
    }
}
