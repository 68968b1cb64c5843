package io.juntos.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The access token travels in the subprotocol or a hello frame; it must never be logged, even at DEBUG. */
class GatewayLogHygieneTest {

    @Test
    void theSocketTokenNeverReachesTheLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        var previous = root.getLevel();
        try (var s = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_LOG_LEVEL", "DEBUG"))) {
            var a = s.api().signup("wslogs");
            try (var c = WsTestClient.live(s.baseUrl(), a.accessToken())) {
                c.call("typing", Map.of("conversationId", "x"));
            }
            try (var c = WsTestClient.connect(s.baseUrl(), null)) {
                c.ack("hello", Map.of("token", a.accessToken()));
            }
            assertThatThrownBy(() -> WsTestClient.connect(s.baseUrl(), a.accessToken() + "tampered")).hasStackTraceContaining("401");
            assertThatThrownBy(() -> WsTestClient.connect(s.baseUrl(), a.accessToken(), "https://evil.example")).hasStackTraceContaining("403");
            String all = String.join("\n", captured.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList());
            String signature = a.accessToken().substring(a.accessToken().lastIndexOf('.') + 1);
            assertThat(all).doesNotContain(a.accessToken()).doesNotContain(signature);
        } finally {
            root.detachAppender(captured);
            root.setLevel(previous);
        }
    }
}
