package io.juntos.media;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {
    @Test
    void readsFirstMiddleOpenAndSuffixRanges() {
        assertThat(ByteRange.of("bytes=0-99", 1000)).isEqualTo(new ByteRange.Partial(0, 99, 1000));
        assertThat(ByteRange.of("bytes=100-199", 1000)).isEqualTo(new ByteRange.Partial(100, 199, 1000));
        assertThat(ByteRange.of("bytes=900-", 1000)).isEqualTo(new ByteRange.Partial(900, 999, 1000));
        assertThat(ByteRange.of("bytes=-100", 1000)).isEqualTo(new ByteRange.Partial(900, 999, 1000));
    }

    @Test
    void clampsAnEndPastTheFileAndASuffixLongerThanIt() {
        assertThat(ByteRange.of("bytes=990-5000", 1000)).isEqualTo(new ByteRange.Partial(990, 999, 1000));
        assertThat(ByteRange.of("bytes=-5000", 1000)).isEqualTo(new ByteRange.Partial(0, 999, 1000));
    }

    @Test
    void startPastTheEndOrEmptySuffixIsUnsatisfiable() {
        assertThat(ByteRange.of("bytes=1000-1099", 1000)).isEqualTo(new ByteRange.Unsatisfiable(1000));
        assertThat(ByteRange.of("bytes=-0", 1000)).isEqualTo(new ByteRange.Unsatisfiable(1000));
        assertThat(((ByteRange.Unsatisfiable) ByteRange.of("bytes=2000-", 1000)).size()).isEqualTo(1000);
    }

    @Test
    void malformedOrMultipleRangesAreIgnoredAndTheWholeFileIsSent() {
        for (String h : new String[]{null, "", "bytes=", "bytes=-", "items=0-5", "bytes=5-2", "bytes=0-1,5-6", "bytes=abc"}) {
            assertThat(ByteRange.of(h, 1000)).as(String.valueOf(h)).isEqualTo(new ByteRange.Full(1000));
        }
    }

    @Property
    void everySatisfiableRangeLiesInsideTheFile(@ForAll @LongRange(min = 1, max = 1_000_000) long size,
                                               @ForAll @LongRange(min = 0, max = 2_000_000) long a,
                                               @ForAll @LongRange(min = 0, max = 2_000_000) long b) {
        ByteRange r = ByteRange.of("bytes=" + a + "-" + b, size);
        if (r instanceof ByteRange.Partial p) {
            assertThat(p.first()).isBetween(0L, size - 1);
            assertThat(p.last()).isBetween(p.first(), size - 1);
            assertThat(p.length()).isPositive();
        }
    }
}
