package io.juntos.media;

import io.juntos.testing.Seeds;
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

    @Test
    void everySatisfiableRangeLiesInsideTheFile() {
        Seeds.tries("everySatisfiableRangeLiesInsideTheFile", 1000, random -> {
            // Edges (0, 1, the size and its neighbours) come up often, as a property generator would bias them.
            long size = 1 + random.nextLong(1_000_000);
            long a = pick(random, size);
            long b = pick(random, size);
            String header = switch (random.nextInt(4)) {
                case 0 -> "bytes=" + a + "-";
                case 1 -> "bytes=-" + a;
                default -> "bytes=" + a + "-" + b;
            };
            ByteRange r = ByteRange.of(header, size);
            if (r instanceof ByteRange.Partial p) {
                assertThat(p.first()).as(header + " of " + size).isBetween(0L, size - 1);
                assertThat(p.last()).as(header + " of " + size).isBetween(p.first(), size - 1);
                assertThat(p.length()).as(header + " of " + size).isPositive();
            } else if (r instanceof ByteRange.Unsatisfiable u) {
                assertThat(u.size()).isEqualTo(size);
            }
        });
    }

    private static long pick(java.util.Random random, long size) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(3);
            case 1 -> Math.max(0, size - 1 + random.nextInt(3) - 1);
            default -> random.nextLong(2_000_001);
        };
    }
}
