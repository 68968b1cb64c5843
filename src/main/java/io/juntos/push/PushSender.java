package io.juntos.push;

import com.interaso.webpush.WebPush;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Delivers encrypted pushes (RFC 8030 POST to the subscription's endpoint; body encrypted per
 * RFC 8291 and VAPID headers per RFC 8292, both by {@code com.interaso:webpush}; we send with the
 * JDK HttpClient to own timeouts and status handling). Work runs on a bounded pool: a full queue
 * drops (counted), it never blocks the caller. 404/410 delete the subscription; 429, 5xx and
 * network errors retry with exponential backoff and jitter (honouring Retry-After); other 4xx
 * are permanent for that message.
 */
final class PushSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushSender.class);

    private final PushConfig cfg;
    private final WebPush webPush;
    private final PushStore store;
    private final Clock clock;
    private final HttpClient http;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService retries;
    private final Counter delivered;
    private final Counter dropped;
    private final Counter gone;

    PushSender(PushConfig cfg, WebPush webPush, PushStore store, Clock clock, MeterRegistry metrics) {
        this.cfg = cfg;
        this.webPush = webPush;
        this.store = store;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(cfg.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.pool = new ThreadPoolExecutor(cfg.workers(), cfg.workers(), 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(cfg.queueCapacity()),
                Thread.ofVirtual().name("push-", 0).factory(), new ThreadPoolExecutor.AbortPolicy());
        this.retries = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("push-retry").factory());
        this.delivered = Counter.builder("juntos_push_delivered").register(metrics);
        this.dropped = Counter.builder("juntos_push_dropped").description("pushes dropped: queue full or attempts exhausted").register(metrics);
        this.gone = Counter.builder("juntos_push_subscriptions_gone").register(metrics);
    }

    /** Runs background work on the bounded pool; false (and counted) when the queue is full. */
    boolean submit(Runnable task) {
        try {
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            dropped.increment();
            log.warn("push queue full, dropped one task (raise JUNTOS_PUSH_QUEUE or JUNTOS_PUSH_WORKERS)");
            return false;
        }
    }

    void deliver(PushStore.Subscription s, byte[] payload, int attempt) {
        Duration retryAfter = null;
        try {
            Answer answer = post(s, payload);
            int status = answer.status();
            if (status >= 200 && status < 300) {
                delivered.increment();
                store.delivered(s.id(), clock.millis());
                return;
            }
            if (status == 404 || status == 410) {
                gone.increment();
                store.deleteDead(s.id(), s.endpoint());
                log.info("push subscription gone, deleted id={} status={}", s.id(), status);
                return;
            }
            if (status != 429 && status < 500) {
                dropped.increment();
                store.failed(s.id());
                log.warn("push refused id={} status={} (not retried)", s.id(), status);
                return;
            }
            retryAfter = answer.retryAfter();
        } catch (IOException e) {
            log.info("push network error id={} attempt={}: {}", s.id(), attempt, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        retry(s, payload, attempt, retryAfter);
    }

    private record Answer(int status, Duration retryAfter) {
    }

    private Answer post(PushStore.Subscription s, byte[] payload) throws IOException, InterruptedException {
        byte[] body = webPush.getBody(payload, Base64.getUrlDecoder().decode(s.p256dh()), Base64.getUrlDecoder().decode(s.auth()));
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(s.endpoint())).timeout(cfg.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webPush.getHeaders(s.endpoint(), (int) cfg.ttl().toSeconds(), null, WebPush.Urgency.High).forEach(req::header);
        HttpResponse<Void> res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
        Duration retryAfter = null;
        String v = res.headers().firstValue("Retry-After").orElse(null);
        if (v != null && v.trim().matches("\\d{1,7}")) retryAfter = Duration.ofSeconds(Long.parseLong(v.trim())); // an HTTP date: our own backoff
        return new Answer(res.statusCode(), retryAfter);
    }

    private void retry(PushStore.Subscription s, byte[] payload, int attempt, Duration retryAfter) {
        store.failed(s.id());
        if (attempt >= cfg.maxAttempts()) {
            dropped.increment();
            log.warn("push gave up id={} after {} attempts", s.id(), attempt);
            return;
        }
        long base = cfg.retryBase().toMillis() << Math.min(10, 2 * (attempt - 1)); // ×4 per attempt
        long delay = Math.max(retryAfter == null ? 0 : retryAfter.toMillis(), base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        retries.schedule(() -> submit(() -> deliver(s, payload, attempt + 1)), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        retries.shutdownNow();
        pool.shutdownNow();
    }
}
