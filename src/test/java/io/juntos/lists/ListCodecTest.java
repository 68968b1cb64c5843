package io.juntos.lists;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The L1 envelope's bytes are pinned (docs/crdt.md quotes this vector for the JavaScript twin). */
class ListCodecTest {
    static final ListCodec.FieldPart DUE = new ListCodec.FieldPart("a1", "due", 1, 7, "{\"date\":\"2030-01-01\"}");

    @Test
    void aFieldWriteEncodesToThePinnedBytes() {
        String hex = HexFormat.of().formatHex(ListCodec.encode(List.of(DUE)));
        assertThat(hex).isEqualTo(PINNED);
        assertThat(ListCodec.decode(HexFormat.of().parseHex(PINNED))).containsExactly(DUE);
    }

    @Test
    void aFlippedBitTrailingBytesOrAnUnknownTagAreRefusedWhole() {
        byte[] ok = HexFormat.of().parseHex(PINNED);
        for (int i = 1; i < ok.length; i++) {
            byte[] bad = ok.clone();
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> ListCodec.decode(bad)).as("byte " + i).isInstanceOf(ListCodec.BadEnvelope.class);
        }
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> ListCodec.decode(longer)).isInstanceOf(ListCodec.BadEnvelope.class);
    }

    static final String PINNED = "4c01ca99ba5f0101026131036475650107157b2264617465223a22323033302d30312d3031227d";
}
