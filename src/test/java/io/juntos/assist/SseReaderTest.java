package io.juntos.assist;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseReaderTest {
    static final String STREAM = ": keepalive\n\nevent: message\ndata: {\"t\":\"héllo 👋\"}\n\n"
            + "data: first line\r\ndata: second line\r\n\r\nid: 7\nretry: 100\n\n: ping\ndata:{\"t\":\"ñ\"}\r\rdata: [DONE]\n\n";
    static final List<String> EVENTS = List.of("{\"t\":\"héllo 👋\"}", "first line\nsecond line", "{\"t\":\"ñ\"}", "[DONE]");

    @Test
    void readsEventsSplitAtEveryPossibleByteBoundary() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            SseReader r = new SseReader();
            List<String> events = new ArrayList<>(r.feed(bytes, 0, cut));
            events.addAll(r.feed(bytes, cut, bytes.length - cut));
            assertThat(events).as("cut at byte " + cut).isEqualTo(EVENTS);
        }
    }

    @Test
    void readsEventsFedOneByteAtATime() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        SseReader r = new SseReader();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) events.addAll(r.feed(bytes, i, 1));
        assertThat(events).isEqualTo(EVENTS);
    }

    @Test
    void anEventWithoutItsBlankLineIsNotHandedOutYet() {
        SseReader r = new SseReader();
        byte[] b = "data: partial\n".getBytes(StandardCharsets.UTF_8);
        assertThat(r.feed(b, 0, b.length)).isEmpty();
        assertThat(r.feed(new byte[]{'\n'}, 0, 1)).containsExactly("partial");
    }

    @Test
    void refusesAnEndlessLine() {
        SseReader r = new SseReader();
        byte[] big = new byte[SseReader.MAX_LINE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThatThrownBy(() -> r.feed(big, 0, big.length)).isInstanceOf(SseReader.TooLongException.class);
    }
}
