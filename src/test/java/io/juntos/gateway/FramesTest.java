package io.juntos.gateway;

import io.juntos.http.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Envelope parsing without a server: every way a frame can be wrong becomes a named error. */
class FramesTest {
    private final Frames frames = new Frames(Json.strictMapper());

    private Frames.Bad bad(String text) {
        var in = frames.parse(text);
        assertThat(in).isInstanceOf(Frames.Bad.class);
        return (Frames.Bad) in;
    }

    @Test
    void parsesARequestWithItsIdAndData() {
        var in = frames.parse("{\"type\":\"typing\",\"id\":\"c1\",\"data\":{\"conversationId\":\"x\"}}");
        assertThat(in).isInstanceOf(Frames.Request.class);
        var r = (Frames.Request) in;
        assertThat(r.type()).isEqualTo("typing");
        assertThat(r.id()).isEqualTo("c1");
        assertThat(r.data().path("conversationId").asText()).isEqualTo("x");
    }

    @Test
    void aRequestWithoutDataGetsAnEmptyObject() {
        var r = (Frames.Request) frames.parse("{\"type\":\"resume\",\"id\":\"c1\"}");
        assertThat(r.data().isObject()).isTrue();
        assertThat(r.data().size()).isZero();
    }

    @Test
    void pongNeedsNoId() {
        assertThat(frames.parse("{\"type\":\"pong\"}")).isInstanceOf(Frames.Pong.class);
    }

    @Test
    void namesEachKindOfBadFrame() {
        assertThat(bad("{oops").code()).isEqualTo("malformed_frame");
        assertThat(bad("[1]").code()).isEqualTo("malformed_frame");
        assertThat(bad("\"text\"").code()).isEqualTo("malformed_frame");
        assertThat(bad("{\"id\":\"a\"}").code()).isEqualTo("missing_type");
        assertThat(bad("{\"type\":5,\"id\":\"a\"}").code()).isEqualTo("missing_type");
        assertThat(bad("{\"type\":\"typing\"}").code()).isEqualTo("missing_id");
        assertThat(bad("{\"type\":\"typing\",\"id\":7}").code()).isEqualTo("invalid_id");
        assertThat(bad("{\"type\":\"typing\",\"id\":\"" + "x".repeat(65) + "\"}").code()).isEqualTo("invalid_id");
        assertThat(bad("{\"type\":\"typing\",\"id\":\"a\",\"data\":[1]}").code()).isEqualTo("malformed_frame");
        assertThat(bad("{\"type\":\"typing\",\"id\":\"a\",\"payload\":{}}").code()).isEqualTo("unknown_field");
        assertThat(bad("{\"type\":\"typing\",\"id\":\"a\",\"type\":\"x\"}").code()).isEqualTo("malformed_frame");
    }

    @Test
    void aBadFrameKeepsTheIdWhenOneCouldBeRead() {
        assertThat(bad("{\"type\":\"typing\",\"id\":\"a\",\"payload\":{}}").id()).isEqualTo("a");
        assertThat(bad("{oops").id()).isNull();
    }

    @Test
    void eventsAcksAndErrorsHaveTheDocumentedShape() throws Exception {
        var mapper = Json.strictMapper();
        var event = mapper.readTree(frames.event("typing", java.util.Map.of("userId", "u")));
        assertThat(event.path("type").asText()).isEqualTo("typing");
        assertThat(event.path("data").path("userId").asText()).isEqualTo("u");
        assertThat(event.has("id")).isFalse();
        var ack = mapper.readTree(frames.ack("c9", null));
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("id").asText()).isEqualTo("c9");
        assertThat(ack.path("data").isObject()).isTrue();
        var err = mapper.readTree(frames.error(null, io.juntos.http.ApiException.tooMany("rate_limited", "Slow down.", java.time.Duration.ofMillis(250))));
        assertThat(err.path("id").isNull()).isTrue();
        assertThat(err.path("code").asText()).isEqualTo("rate_limited");
        assertThat(err.path("retryAfterMs").asLong()).isEqualTo(250);
    }
}
