package io.juntos.testfeature;

import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.http.ApiException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test-only feature exercising the gateway's capabilities through the public API: slow handlers
 * that wait for the test to release them, and sending to one connection ({@code probe.signal}).
 * The {@code signal} rate bucket is tested on the real {@code call.ice} (calls owns {@code call.*}).
 */
public final class ProbeFeature implements Feature {
    /** Slow requests wait here until the test counts the latch down. */
    public final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    /** The order in which slow requests were handled. */
    public final List<String> handled = new CopyOnWriteArrayList<>();

    record Ice(String to, String candidate) {
    }

    record Wait(String gate, String key) {
    }

    /** A binary payload (a CRDT update, say): base64 in the JSON, decoded by the gateway. */
    record Blob(byte[] bytes) {
    }

    @Override
    public void install(FeatureContext ctx) {
        var gateway = ctx.gateway();
        ctx.frames("probe.")
                .on("probe.signal", Ice.class, (c, r) -> {
                    if (r.to() != null) gateway.sendTo(r.to(), "probe.signal", Map.of("from", c.connectionId(), "candidate", r.candidate()));
                    return Map.of();
                })
                .onSlow("probe.wait", Wait.class, (c, r) -> r.key() == null ? "" : r.key(), (c, r) -> {
                    try {
                        if (!gates.computeIfAbsent(r.gate(), g -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS)) {
                            throw new ApiException(504, "upstream_timeout", "The gate never opened.");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    handled.add(r.gate());
                    return Map.of("gate", r.gate());
                })
                .on("probe.fast", Map.class, (c, r) -> Map.of("fast", true))
                .on("probe.blob", Blob.class, (c, r) -> Map.of("size", r.bytes() == null ? 0 : r.bytes().length));
    }

    public void open(String gate) {
        gates.computeIfAbsent(gate, g -> new CountDownLatch(1)).countDown();
    }
}
