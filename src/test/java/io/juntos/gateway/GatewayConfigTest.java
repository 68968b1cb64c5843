package io.juntos.gateway;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gateway limits: documented defaults, and a bad setting stops the start naming the variable. */
class GatewayConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        var c = GatewayConfig.from(new Env(Map.of()));
        assertThat(c.maxFrameBytes()).isEqualTo(65536);
        assertThat(c.requestsPerSecond()).isEqualTo(20);
        assertThat(c.burst()).isEqualTo(40);
        assertThat(c.outboundBytes()).isEqualTo(1024 * 1024);
        assertThat(c.outboundFrames()).isEqualTo(2000);
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.deadAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.helloTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.resumeGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.maxBinaryBytes()).isEqualTo(32768);
        assertThat(c.maxSlowPending()).isEqualTo(8);
        assertThat(c.buckets()).containsExactly(new GatewayConfig.Bucket("requests", 20, 40), new GatewayConfig.Bucket("signal", 50, 200));
        assertThat(c.costOf("call.ice")).isEqualTo(new GatewayConfig.FrameCost("call.ice", "signal", 1));
        assertThat(c.costOf("message.send").bucket()).isEqualTo("requests");
        // A small frame limit lowers the binary payload default with it.
        assertThat(GatewayConfig.from(new Env(Map.of("JUNTOS_WS_MAX_FRAME_BYTES", "4KiB"))).maxBinaryBytes()).isEqualTo(2048);
    }

    @Test
    void inconsistentLimitsFailFastNamingTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("JUNTOS_WS_RATE", "50", "JUNTOS_WS_BURST", "10"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_WS_BURST");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("JUNTOS_WS_PING_INTERVAL", "60s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_WS_DEAD_AFTER");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("JUNTOS_WS_MAX_FRAME_BYTES", "4KiB", "JUNTOS_WS_MAX_BINARY_BYTES", "8KiB"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_WS_MAX_BINARY_BYTES");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("JUNTOS_WS_SIGNAL_RATE", "100", "JUNTOS_WS_SIGNAL_BURST", "10"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_WS_SIGNAL_BURST");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("JUNTOS_WS_MAX_FRAME_BYTES", "100"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_WS_MAX_FRAME_BYTES");
        assertThatThrownBy(() -> GatewayConfig.from(new Env(Map.of("JUNTOS_WS_RATE", "fast"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JUNTOS_WS_RATE");
    }
}
