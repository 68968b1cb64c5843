package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import io.juntos.testing.Seeds;
import org.junit.jupiter.api.Test;

/** Every malformed input gets a {@link CrdtException} subclass and leaves the document intact. */
class BadInputTest {

    private static TextDoc sample(int replica) {
        TextDoc doc = new TextDoc(replica);
        doc.insert(0, "hello wonderful world");
        doc.delete(6, 10);
        doc.format(0, 5, MarkType.BOLD, "true");
        doc.format(6, 5, MarkType.LINK, "https://example.test");
        doc.insert(5, ", \u00e9\u4e16\uD83D\uDE00");
        return doc;
    }

    private static void assertUnchanged(TextDoc doc, String text, VersionVector version) {
        assertThat(doc.text()).isEqualTo(text);
        assertThat(doc.version()).isEqualTo(version);
        assertThat(TextDoc.fromSnapshot(77, doc.encodeSnapshot()).text()).isEqualTo(text);
    }

    @Test
    void everyTruncationOfAnUpdateOrSnapshotIsRejectedWithoutEffect() {
        TextDoc source = sample(1);
        for (byte[] full : List.of(source.encodeStateAsUpdate(), source.encodeSnapshot())) {
            for (int cut = 0; cut < full.length; cut++) {
                TextDoc target = new TextDoc(2);
                target.insert(0, "mine");
                byte[] truncated = Arrays.copyOf(full, cut);
                assertThatThrownBy(() -> target.applyUpdate(truncated)).isInstanceOf(MalformedUpdateException.class);
                assertUnchanged(target, "mine", target.version());
            }
        }
    }

    @Test
    void unknownFormatVersionIsReportedAsSuch() {
        byte[] update = sample(1).encodeStateAsUpdate();
        update[0] = 9;
        TextDoc target = new TextDoc(2);
        assertThatThrownBy(() -> target.applyUpdate(update))
                .isInstanceOfSatisfying(UnsupportedFormatException.class, e -> assertThat(e.version()).isEqualTo(9));
        assertThatThrownBy(() -> VersionVector.decode(new byte[]{5, 0})).isInstanceOf(UnsupportedFormatException.class);
    }

    @Test
    void trailingGarbageIsRejected() {
        byte[] update = sample(1).encodeStateAsUpdate();
        byte[] longer = Arrays.copyOf(update, update.length + 1);
        assertThatThrownBy(() -> new TextDoc(2).applyUpdate(longer)).isInstanceOf(MalformedUpdateException.class);
    }

    @Test
    void operationsWithMissingDependenciesBeyondTheBufferLimitAreRefused() {
        TextDoc source = new TextDoc(1);
        List<byte[]> updates = new ArrayList<>();
        source.observeUpdates(updates::add);
        for (int i = 0; i < 10; i++) {
            source.insert(i, "x");
            source.insert(0, "y");
        }
        TextDoc target = new TextDoc(2, new Limits(5));
        target.insert(0, "mine");
        byte[] missingFirst = source.encodeUpdateSince(VersionVector.of(java.util.Map.of(1, 1)));
        assertThatThrownBy(() -> target.applyUpdate(missingFirst))
                .isInstanceOfSatisfying(CausalBufferOverflowException.class, e -> assertThat(e.limit()).isEqualTo(5));
        assertThat(target.bufferedOps()).isZero();
        assertUnchanged(target, "mine", target.version());
        target.applyUpdate(source.encodeStateAsUpdate());
        assertThat(target.text()).isEqualTo(source.text() + "mine");
    }

    @Test
    void smallGapsWaitInTheBufferUntilFilled() {
        TextDoc source = new TextDoc(1);
        List<byte[]> updates = new ArrayList<>();
        source.observeUpdates(updates::add);
        source.insert(0, "ab");
        source.insert(1, "c");
        TextDoc target = new TextDoc(2, new Limits(5));
        target.applyUpdate(updates.get(1));
        assertThat(target.bufferedOps()).isEqualTo(1);
        assertThat(target.text()).isEmpty();
        target.applyUpdate(updates.get(0));
        assertThat(target.bufferedOps()).isZero();
        assertThat(target.text()).isEqualTo("acb");
    }

    @Test
    void repeatedDeleteSetsForMissingCharactersWaitOnlyOnce() {
        TextDoc source = new TextDoc(1);
        source.insert(0, "abcdef");
        byte[] first = source.encodeStateAsUpdate();
        source.insert(6, "ghij");
        source.delete(7, 1);
        source.delete(1, 1);
        // Waiting: the three pieces of "ghij" and the two deleted ranges, however often they come.
        TextDoc target = new TextDoc(2, new Limits(6));
        byte[] missingFirst = source.encodeUpdateSince(VersionVector.of(java.util.Map.of(1, 6)));
        for (int i = 0; i < 10; i++) {
            target.applyUpdate(missingFirst);
        }
        assertThat(target.bufferedOps()).isEqualTo(5);
        target.applyUpdate(first);
        assertThat(target.text()).isEqualTo(source.text());
        assertThat(target.bufferedOps()).isZero();
    }

    @Test
    void originNamingAMarkInsteadOfACharacterIsMalformed() {
        TextDoc source = new TextDoc(1);
        source.insert(0, "ab");
        source.format(0, 1, MarkType.BOLD, "true");
        // Hand-built update: replica 1, counter 3, a run whose left origin is 1:2 (the mark).
        byte[] update = Wire.seal(new byte[]{Wire.FORMAT, 0, 0, 0, 0, 0, 1, 1, 1, 1, 3, 1, 0b000100, 1, 0, 2, 1, 'z', 0});
        TextDoc target = new TextDoc(2);
        target.applyUpdate(source.encodeStateAsUpdate());
        String before = target.text();
        assertThatThrownBy(() -> target.applyUpdate(update)).isInstanceOf(MalformedUpdateException.class);
        assertUnchanged(target, before, target.version());
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButCrdtExceptions() {
        Seeds.tries("randomBytesNeverEscapeAsAnythingButCrdtExceptions", 300, random -> {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) Wire.FORMAT; // get past the format byte to the checksum and the decoder
            }
            TextDoc target = sample(2);
            byte[] before = target.encodeSnapshot();
            try {
                target.applyUpdate(bytes);
            } catch (CrdtException expected) {
                assertThat(target.encodeSnapshot()).isEqualTo(before);
            }
            assertThat(TextDoc.fromSnapshot(77, target.encodeSnapshot()).text()).isEqualTo(target.text());
        });
    }

    @Test
    void randomlyCorruptedBytesAreRefusedByTheChecksumAndChangeNothing() {
        Seeds.tries("randomlyCorruptedBytesAreRefusedByTheChecksumAndChangeNothing", 300, random -> {
            TextDoc source = sample(1);
            byte[] genuine = random.nextBoolean() ? source.encodeStateAsUpdate() : source.encodeSnapshot();
            byte[] bytes = genuine.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[1 + random.nextInt(bytes.length - 1)] ^= (byte) (1 << random.nextInt(8));
            }
            TextDoc target = new TextDoc(2);
            target.insert(0, "mine");
            byte[] before = target.encodeSnapshot();
            if (!Arrays.equals(bytes, genuine)) {
                assertThatThrownBy(() -> target.applyUpdate(bytes)).isInstanceOf(MalformedUpdateException.class);
                assertThat(target.encodeSnapshot()).isEqualTo(before);
            }
            target.applyUpdate(genuine);
            TextDoc peer = new TextDoc(3);
            peer.insert(0, "mine");
            peer.applyUpdate(genuine);
            assertThat(target.text()).isEqualTo(source.text() + "mine");
        });
    }

    @Test
    void randomBytesAsVersionVectorGiveMalformedUpdateException() {
        Seeds.tries("randomBytesAsVersionVectorGiveMalformedUpdateException", 200, random -> {
            byte[] bytes = new byte[random.nextInt(32)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 1;
            }
            try {
                VersionVector.decode(bytes);
            } catch (CrdtException expected) {
                // the only acceptable failure
            }
        });
    }
}
