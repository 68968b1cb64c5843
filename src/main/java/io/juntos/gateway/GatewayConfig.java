package io.juntos.gateway;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

import java.time.Duration;

/**
 * Every limit of the gateway, as data, read once at start from {@code JUNTOS_WS_*} and validated
 * (the defaults are the ones documented in docs/protocol.md).
 */
public record GatewayConfig(
        int maxFrameBytes,
        int requestsPerSecond,
        int burst,
        int rateStrikes,
        Duration rateStrikeWindow,
        int abuseStrikes,
        Duration abuseWindow,
        long outboundBytes,
        int outboundFrames,
        Duration pingInterval,
        Duration pingJitter,
        Duration deadAfter,
        Duration helloTimeout,
        Duration typingThrottle,
        Duration typingExpiry,
        Duration resumeGrace,
        int resumeBound,
        int resumePage,
        int resumeMaxStreams,
        int socketsPerUser,
        Duration sessionRecheck,
        // permessage-deflate (RFC 7692): off by default, each socket that negotiates it keeps a
        // zlib inflater and deflater (tens of KiB of native memory) for its whole life.
        boolean compression) {

    public static GatewayConfig from(Env env) {
        var c = new GatewayConfig(
                (int) Math.min(Integer.MAX_VALUE, env.bytes("JUNTOS_WS_MAX_FRAME_BYTES", 64 * 1024)),
                env.integer("JUNTOS_WS_RATE", 20, 1, 10_000),
                env.integer("JUNTOS_WS_BURST", 40, 1, 100_000),
                env.integer("JUNTOS_WS_RATE_STRIKES", 30, 1, 100_000),
                // Refusals are counted over a sliding window, not reset by the next allowed request:
                // a client flooding at twice the rate gets every other request through yet is closed.
                env.duration("JUNTOS_WS_RATE_STRIKE_WINDOW", Duration.ofSeconds(10)),
                env.integer("JUNTOS_WS_ABUSE_STRIKES", 10, 1, 100_000),
                Duration.ofSeconds(60),
                env.bytes("JUNTOS_WS_OUTBOUND_BYTES", 1024 * 1024),
                env.integer("JUNTOS_WS_OUTBOUND_FRAMES", 2000, 1, 1_000_000),
                env.duration("JUNTOS_WS_PING_INTERVAL", Duration.ofSeconds(25)),
                env.duration("JUNTOS_WS_PING_JITTER", Duration.ofSeconds(5)),
                env.duration("JUNTOS_WS_DEAD_AFTER", Duration.ofSeconds(60)),
                env.duration("JUNTOS_WS_HELLO_TIMEOUT", Duration.ofSeconds(5)),
                Duration.ofSeconds(2),
                Duration.ofSeconds(6),
                env.duration("JUNTOS_WS_RESUME_GRACE", Duration.ofSeconds(3)),
                // resume: more than resumeBound missed events on a stream → "limited" with the newest resumePage.
                500,
                100,
                1000,
                env.integer("JUNTOS_WS_SOCKETS_PER_USER", 20, 1, 10_000),
                env.duration("JUNTOS_WS_SESSION_RECHECK", Duration.ofSeconds(30)),
                env.bool("JUNTOS_WS_COMPRESSION", false));
        if (c.sessionRecheck.compareTo(Duration.ofMillis(100)) < 0) throw new ConfigException("JUNTOS_WS_SESSION_RECHECK", "must be at least 100ms");
        if (c.rateStrikeWindow.compareTo(Duration.ofSeconds(1)) < 0) throw new ConfigException("JUNTOS_WS_RATE_STRIKE_WINDOW", "must be at least 1s");
        if (c.maxFrameBytes < 1024) throw new ConfigException("JUNTOS_WS_MAX_FRAME_BYTES", "must be at least 1KiB");
        if (c.burst < c.requestsPerSecond) throw new ConfigException("JUNTOS_WS_BURST", "must be at least JUNTOS_WS_RATE");
        if (c.outboundBytes < c.maxFrameBytes) throw new ConfigException("JUNTOS_WS_OUTBOUND_BYTES", "must be at least JUNTOS_WS_MAX_FRAME_BYTES");
        if (c.deadAfter.compareTo(c.pingInterval.plus(c.pingJitter)) <= 0) {
            throw new ConfigException("JUNTOS_WS_DEAD_AFTER", "must be longer than JUNTOS_WS_PING_INTERVAL + JUNTOS_WS_PING_JITTER");
        }
        return c;
    }
}
