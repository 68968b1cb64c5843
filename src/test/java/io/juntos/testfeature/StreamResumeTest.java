package io.juntos.testfeature;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestClock;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feature added from a test with one line ({@link NotesFeature}) gets the platform's resume for
 * its stream: replay in order without gaps or duplicates, "limited" past the bound, live events
 * merged, authorization by what the socket follows.
 */
class StreamResumeTest {
    static final TestClock clock = TestClock.ticking();
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.with(Engine.SQLITE).clock(clock).feature(NotesFeature::new).start();
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String board() {
        return "b" + UUID.randomUUID().toString().substring(0, 8);
    }

    void addOverRest(Api.Account a, String board, int count) {
        var r = api.as(a.accessToken()).post("/api/test-notes/" + board, Map.of("board", board, "text", "n", "count", count));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    static List<Long> seqs(WsTestClient c, String board) {
        return c.events("note.added").stream().map(f -> f.path("data"))
                .filter(d -> d.path("board").asText().equals(board)).map(d -> d.path("seq").asLong()).toList();
    }

    /** Subscribes on a live socket and receives the first {@code live} notes, then goes offline. */
    long seenLiveThenOffline(Api.Account a, String board, int live) {
        try (var c = WsTestClient.live(server.baseUrl(), a.accessToken())) {
            c.ack("note.subscribe", Map.of("board", board));
            for (int i = 0; i < live; i++) c.ack("note.add", Map.of("board", board, "text", "live " + i));
            c.awaitEvent("note.added", d -> d.path("board").asText().equals(board) && d.path("seq").asLong() == live);
            c.sync();
            assertThat(seqs(c, board)).containsExactlyElementsOf(LongStream.rangeClosed(1, live).boxed().toList());
            return live;
        }
    }

    @Test
    void aClientThatMissedFiftyEventsGetsExactlyThoseFiftyInOrder() {
        var a = api.signup("notes");
        String board = board();
        long last = seenLiveThenOffline(a, board, 10);
        addOverRest(a, board, 50);
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            JsonNode ack = c.ack("resume", Map.of("streams", Map.of("note." + board, last)));
            assertThat(ack.path("streams")).hasSize(1);
            JsonNode r = ack.path("streams").get(0);
            assertThat(r.path("stream").asText()).isEqualTo("note." + board);
            assertThat(r.path("status").asText()).isEqualTo("replayed");
            assertThat(r.path("fromSeq").asLong()).isEqualTo(11);
            assertThat(r.path("toSeq").asLong()).isEqualTo(60);
            c.sync();
            assertThat(seqs(c, board)).containsExactlyElementsOf(LongStream.rangeClosed(11, 60).boxed().toList());
        }
    }

    @Test
    void aClientThatMissedSixHundredGetsLimitedWithTheNewestHundred() {
        var a = api.signup("notes");
        String board = board();
        long last = seenLiveThenOffline(a, board, 1);
        addOverRest(a, board, 600);
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            JsonNode r = c.ack("resume", Map.of("streams", Map.of("note." + board, last))).path("streams").get(0);
            assertThat(r.path("status").asText()).isEqualTo("limited");
            assertThat(r.path("fromSeq").asLong()).isEqualTo(502);
            assertThat(r.path("toSeq").asLong()).isEqualTo(601);
            c.sync();
            assertThat(seqs(c, board)).containsExactlyElementsOf(LongStream.rangeClosed(502, 601).boxed().toList());
        }
    }

    @Test
    void liveEventsDuringAResumeAreMergedWithoutGapsOrDuplicates() {
        Api.Account a = api.signup("notes"), writer = api.signup("writer");
        String board = board();
        long last = seenLiveThenOffline(a, board, 5);
        addOverRest(writer, board, 120);
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            var more = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 6; i++) addOverRest(writer, board, 10);
            });
            JsonNode r = c.ack("resume", Map.of("streams", Map.of("note." + board, last))).path("streams").get(0);
            assertThat(r.path("status").asText()).isEqualTo("replayed");
            more.join();
            c.awaitEvent("note.added", d -> d.path("board").asText().equals(board) && d.path("seq").asLong() == 185);
            c.sync();
            assertThat(seqs(c, board)).containsExactlyElementsOf(LongStream.rangeClosed(6, 185).boxed().toList());
        }
    }

    @Test
    void streamsTheSocketDoesNotFollowAreNotFoundAndCurrentOnesSayCurrent() {
        Api.Account a = api.signup("notes"), other = api.signup("other");
        String mine = board(), theirs = board();
        long last = seenLiveThenOffline(a, mine, 3);
        seenLiveThenOffline(other, theirs, 3);
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            JsonNode ack = c.ack("resume", Map.of("streams", Map.of("note." + mine, last, "note." + theirs, 0, "nope.x", 0)));
            Map<String, String> status = new java.util.HashMap<>();
            ack.path("streams").forEach(s -> status.put(s.path("stream").asText(), s.path("status").asText()));
            assertThat(status).containsExactlyInAnyOrderEntriesOf(Map.of("note." + mine, "current", "note." + theirs, "not_found", "nope.x", "not_found"));
            c.sync();
            assertThat(c.events("note.added")).isEmpty();
        }
    }

    @Test
    void resumeWithEmptyDataIsAcceptedAndASecondResumeIsRefused() {
        var a = api.signup("notes");
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            assertThat(c.ack("resume", Map.of()).path("streams")).isEmpty();
            assertThat(c.call("resume", Map.of("streams", Map.of())).path("code").asText()).isEqualTo("already_resumed");
        }
    }

    @Test
    void resumeAfterTheGracePeriodStillReplaysTheNamedStreams() {
        var a = api.signup("notes");
        String board = board();
        seenLiveThenOffline(a, board, 2);
        addOverRest(a, board, 3);
        try (var c = WsTestClient.ready(server.baseUrl(), a.accessToken())) {
            addOverRest(a, board, 1); // seq 6, held until resume or the grace period
            clock.advance(Duration.ofSeconds(10));
            // The grace period released the hold: what was sent since connecting arrives by itself.
            c.awaitEvent("note.added", d -> d.path("seq").asLong() == 6);
            JsonNode r = c.ack("resume", Map.of("streams", Map.of("note." + board, 2))).path("streams").get(0);
            assertThat(r.path("status").asText()).isEqualTo("replayed");
            c.sync();
            assertThat(seqs(c, board)).containsExactly(6L, 3L, 4L, 5L);
        }
    }

    @Test
    void theFeaturesRouteDocsAndCspAreServed() {
        var docs = api.get("/api/openapi.json");
        assertThat(docs.json().path("paths").has("/api/test-notes/{board}")).isTrue();
        // Other features widen frame-src too (rooms: YouTube): look at this directive's sources, not at one exact string.
        String frameSrc = java.util.Arrays.stream(docs.header("Content-Security-Policy").orElseThrow().split(";"))
                .map(String::trim).filter(d -> d.startsWith("frame-src ")).findFirst().orElseThrow();
        assertThat(frameSrc.split(" ")).contains("'self'", "https://notes.example");
    }
}
