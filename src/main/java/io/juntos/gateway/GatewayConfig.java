package io.juntos.gateway;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Every limit of the gateway, as data, read once at start from {@code JUNTOS_WS_*} and validated
 * (the defaults are the ones documented in docs/protocol.md).
 */
public record GatewayConfig(
        int maxFrameBytes,
        int requestsPerSecond,
        int burst,
        int rateStrikes,
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
        List<Bucket> buckets,
        List<FrameCost> frameCosts,
        int maxSlowPending,
        int maxBinaryBytes) {

    /** A token bucket every connection has: {@code perSecond} refill, {@code burst} capacity. */
    public record Bucket(String name, int perSecond, int burst) {
    }

    /**
     * What a request costs and from which bucket: {@code family} is a type ({@code call.ice}) or a
     * prefix ({@code list.}); the longest match wins, anything else costs 1 from {@code requests}.
     */
    public record FrameCost(String family, String bucket, int cost) {
    }

    /** The bucket every request not listed in {@link #frameCosts} draws from. */
    public static final String REQUESTS = "requests";

    public static GatewayConfig from(Env env) {
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, env.bytes("JUNTOS_WS_MAX_FRAME_BYTES", 64 * 1024));
        var c = new GatewayConfig(
                maxFrame,
                env.integer("JUNTOS_WS_RATE", 20, 1, 10_000),
                env.integer("JUNTOS_WS_BURST", 40, 1, 100_000),
                env.integer("JUNTOS_WS_RATE_STRIKES", 30, 1, 100_000),
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
                List.of(new Bucket(REQUESTS, env.integer("JUNTOS_WS_RATE", 20, 1, 10_000), env.integer("JUNTOS_WS_BURST", 40, 1, 100_000)),
                        // WebRTC signalling sends ICE candidates in bursts: its own bucket, so a burst cannot starve chat.
                        new Bucket("signal", env.integer("JUNTOS_WS_SIGNAL_RATE", 50, 1, 10_000), env.integer("JUNTOS_WS_SIGNAL_BURST", 200, 1, 100_000))),
                List.of(new FrameCost("call.ice", "signal", 1),
                        new FrameCost("time", REQUESTS, 1)),
                env.integer("JUNTOS_WS_MAX_SLOW_PENDING", 8, 1, 1000),
                // A payload travels base64 inside a frame: by default at most half a frame.
                (int) Math.min(Integer.MAX_VALUE, env.bytes("JUNTOS_WS_MAX_BINARY_BYTES", Math.min(32 * 1024, maxFrame / 2))));
        if (c.maxFrameBytes < 1024) throw new ConfigException("JUNTOS_WS_MAX_FRAME_BYTES", "must be at least 1KiB");
        if (c.burst < c.requestsPerSecond) throw new ConfigException("JUNTOS_WS_BURST", "must be at least JUNTOS_WS_RATE");
        if (c.maxBinaryBytes < 1 || c.maxBinaryBytes > c.maxFrameBytes) {
            throw new ConfigException("JUNTOS_WS_MAX_BINARY_BYTES", "must be at least 1 byte and at most JUNTOS_WS_MAX_FRAME_BYTES");
        }
        if (c.outboundBytes < c.maxFrameBytes) throw new ConfigException("JUNTOS_WS_OUTBOUND_BYTES", "must be at least JUNTOS_WS_MAX_FRAME_BYTES");
        for (FrameCost f : c.frameCosts) {
            if (c.bucketIndex(f.bucket()) < 0) throw new IllegalStateException("frame cost for " + f.family() + " names no bucket " + f.bucket());
            if (f.cost() < 1) throw new IllegalStateException("frame cost for " + f.family() + " must be at least 1");
        }
        if (c.buckets.stream().anyMatch(b -> b.burst() < b.perSecond())) throw new ConfigException("JUNTOS_WS_SIGNAL_BURST", "must be at least JUNTOS_WS_SIGNAL_RATE");
        if (c.deadAfter.compareTo(c.pingInterval.plus(c.pingJitter)) <= 0) {
            throw new ConfigException("JUNTOS_WS_DEAD_AFTER", "must be longer than JUNTOS_WS_PING_INTERVAL + JUNTOS_WS_PING_JITTER");
        }
        return c;
    }

    int bucketIndex(String name) {
        for (int i = 0; i < buckets.size(); i++) if (buckets.get(i).name().equals(name)) return i;
        return -1;
    }

    /** The cost of a request type: the longest matching family, else 1 from {@code requests}. */
    FrameCost costOf(String type) {
        return frameCosts.stream().filter(f -> FrameFamily.covers(f.family(), type))
                .max(Comparator.comparingInt(f -> f.family().length()))
                .orElse(new FrameCost(type, REQUESTS, 1));
    }
}
