package io.juntos.gateway;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** permessage-deflate is negotiated only when JUNTOS_WS_COMPRESSION is on (it costs memory per socket). */
class WebSocketCompressionTest {

    @Test
    void permessageDeflateIsNotNegotiatedByDefault() throws IOException {
        try (var server = TestServer.start(Engine.SQLITE)) {
            String head = upgradeOfferingDeflate(server.port());
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase()).doesNotContain("sec-websocket-extensions");
        }
    }

    @Test
    void permessageDeflateIsNegotiatedWhenEnabled() throws IOException {
        try (var server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_WS_COMPRESSION", "true"))) {
            String head = upgradeOfferingDeflate(server.port());
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
        }
    }

    /** A browser-like upgrade (raw, since the JDK client never offers extensions); returns the response head. */
    private static String upgradeOfferingDeflate(int port) throws IOException {
        try (var s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: juntos.v1\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = s.getInputStream();
            var head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }
    }
}
