package io.juntos.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts upload outcomes ({@code juntos_media_uploads_total{outcome="ready|size_mismatch|type_mismatch|…"}})
 * so an operator sees rejections and store outages without reading logs.
 */
final class Outcomes {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    Outcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String outcome) {
        counters.computeIfAbsent(outcome, o -> Counter.builder("juntos.media.uploads").description("Media uploads by outcome")
                .tag("outcome", o).register(registry)).increment();
    }
}
