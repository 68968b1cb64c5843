package io.juntos.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bus payload round-trips every kind, with any text, unchanged. */
class NoticeTest {

    @Test
    void everyKindRoundTrips() {
        String frame = "{\"type\":\"message.created\",\"data\":{\"text\":\"héllo 👋 \\u0000\"}}";
        for (Notice n : new Notice[]{new Notice.Event(frame), new Notice.Sequenced(42, frame),
                new Notice.Join("conv.01abc", frame), new Notice.Leave("conv.01abc", frame)}) {
            assertThat(Notice.decode(Notice.encode(n))).isEqualTo(n);
        }
    }

    @Test
    void sequenceNumbersKeepTheirFullRange() {
        var n = new Notice.Sequenced(Long.MAX_VALUE - 1, "{}");
        assertThat(((Notice.Sequenced) Notice.decode(Notice.encode(n))).seq()).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> Notice.decode(new byte[]{9, 0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Notice.decode(new byte[]{7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}
