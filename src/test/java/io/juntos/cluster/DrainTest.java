package io.juntos.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.Feature;
import io.juntos.FeatureContext;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.Services;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful drain (SIGTERM runs the same {@link Drain}): the node reports not ready, refuses
 * upgrades, closes its sockets with 4012 so clients move to another node and resume there with
 * nothing lost or repeated, lets requests under way finish, and is done by its deadline.
 */
class DrainTest {
    final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.reversed().forEach(TestServer::close);
    }

    /** A route that answers only once the test opens the gate: a request still under way. */
    static final class SlowFeature implements Feature {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public void install(FeatureContext ctx) {
            ctx.routes(r -> r.get("/test/slow", c -> {
                started.countDown();
                gate.await(30, TimeUnit.SECONDS);
                c.result("finished");
            }));
        }
    }

    static CompletableFuture<HttpResponse<String>> getAsync(TestServer s, String path) {
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDrainedNodesClientsResumeOnTheOtherNodeWithNothingLostOrDuplicated() throws Exception {
        Services.requireRedis();
        Services.requirePostgres();
        var slow = new SlowFeature();
        // Sixty sends as fast as acks come back: above the default per-socket rate on a quiet machine.
        Map<String, String> redis = Map.of("JUNTOS_REDIS_URL", Services.REDIS_URL, "JUNTOS_WS_RATE", "500", "JUNTOS_WS_BURST", "500");
        TestServer a = start(TestServer.with(Engine.POSTGRES).env(redis).feature(p -> slow));
        TestServer b = start(TestServer.with(Engine.POSTGRES).env(redis).nodeOf(a));
        Api.Account alice = b.api().signup("alice");
        Api.Account bob = a.api().signup("bob");
        JsonNode group = b.api().as(alice.accessToken()).post("/api/conversations/groups", Map.of("name", "Drain")).json();
        a.api().as(bob.accessToken()).post("/api/conversations/join", Map.of("code", group.path("joinCode").asText()));
        String conv = group.path("id").asText();
        int total = 60;
        try (var sender = WsTestClient.live(b.baseUrl(), alice.accessToken())) {
            var bobOnA = WsTestClient.live(a.baseUrl(), bob.accessToken());
            var sending = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= total; i++) sender.ack("message.send", Map.of("conversationId", conv, "clientMsgId", "c" + i, "text", "m" + i));
            });
            bobOnA.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() >= 10);
            var inFlight = getAsync(a, "/test/slow");
            assertThat(slow.started.await(10, TimeUnit.SECONDS)).isTrue();

            var drained = CompletableFuture.runAsync(() -> a.juntos().platform().drain().run(Duration.ofSeconds(20)));
            assertThat(bobOnA.awaitClose().code()).as("closed with draining").isEqualTo(4012);
            assertThat(a.api().get("/readyz").status()).isEqualTo(503);
            assertThat(a.api().get("/readyz").json().path("status").asText()).isEqualTo("draining");
            assertThat(b.api().get("/readyz").status()).isEqualTo(200);
            assertThat(upgradeStatus(a, bob.accessToken())).as("no new sockets on a draining node").startsWith("HTTP/1.1 503");
            assertThat(drained).as("waits for the request under way").isNotDone();

            // Bob reconnects "through the balancer", i.e. to node B, and resumes from what he saw.
            long seen = seqs(bobOnA, conv).getLast();
            try (var bobOnB = WsTestClient.ready(b.baseUrl(), bob.accessToken())) {
                bobOnB.ack("resume", Map.of("streams", Map.of("conv." + conv, seen)));
                sending.join();
                bobOnB.awaitEvent("message.created", d -> d.path("message").path("seq").asLong() == total);
                bobOnB.sync();
                List<Long> all = new ArrayList<>(seqs(bobOnA, conv));
                all.addAll(seqs(bobOnB, conv));
                assertThat(all).as("every message once, in order, across both sockets")
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
            }
            slow.gate.countDown();
            assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).as("the request under way finished").isEqualTo("finished");
            drained.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDrainEndsByItsDeadlineEvenWithARequestThatNeverFinishes() throws Exception {
        var slow = new SlowFeature();
        TestServer a = start(TestServer.with(Engine.SQLITE).feature(p -> slow));
        var stuck = getAsync(a, "/test/slow");
        assertThat(slow.started.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        a.juntos().platform().drain().run(Duration.ofSeconds(1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("drain took " + ms + " ms").isBetween(900L, 3000L);
        slow.gate.countDown();
        stuck.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDrainWithNothingUnderWayIsDoneAtOnce() {
        TestServer a = start(TestServer.with(Engine.SQLITE));
        assertThat(a.api().get("/readyz").status()).isEqualTo(200); // a request that ended: no longer counted
        long t0 = System.nanoTime();
        a.juntos().platform().drain().run(Duration.ofSeconds(20));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        assertThat(a.api().get("/readyz").json().path("status").asText()).isEqualTo("draining");
    }

    /** The status line answering a WebSocket upgrade (java.net.http cannot send Upgrade itself). */
    private static String upgradeStatus(TestServer s, String token) throws java.io.IOException {
        URI uri = URI.create(s.baseUrl());
        try (var socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String req = "GET /ws HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://localhost:8080\r\n"
                    + "Sec-WebSocket-Protocol: juntos.v1, bearer." + token + "\r\n\r\n";
            socket.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    private TestServer start(TestServer.Builder b) {
        TestServer s = b.start();
        servers.add(s);
        return s;
    }

    private static List<Long> seqs(WsTestClient c, String conv) {
        return c.events("message.created").stream().map(f -> f.path("data").path("message"))
                .filter(m -> m.path("conversationId").asText().equals(conv)).map(m -> m.path("seq").asLong()).toList();
    }
}
