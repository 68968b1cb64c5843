package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextDocTest {

    @Test
    void localEditsProduceExpectedText() {
        TextDoc doc = new TextDoc(1);
        doc.insert(0, "hello world");
        doc.delete(5, 6);
        doc.insert(5, ", you");
        doc.insert(0, ">");
        assertThat(doc.text()).isEqualTo(">hello, you");
        assertThat(doc.length()).isEqualTo(11);
    }

    @Test
    void manyLocalEditsMatchAStringBuilderModel() {
        TextDoc doc = new TextDoc(7);
        StringBuilder model = new StringBuilder();
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            if (model.length() > 0 && rnd.nextInt(3) == 0) {
                int at = rnd.nextInt(model.length());
                int n = Math.min(1 + rnd.nextInt(5), model.length() - at);
                doc.delete(at, n);
                model.delete(at, at + n);
            } else {
                int at = rnd.nextInt(model.length() + 1);
                String s = Character.toString('a' + rnd.nextInt(26)).repeat(1 + rnd.nextInt(3));
                doc.insert(at, s);
                model.insert(at, s);
            }
        }
        assertThat(doc.text()).isEqualTo(model.toString());
        TextDoc copy = TextDoc.fromSnapshot(8, doc.encodeSnapshot());
        assertThat(copy.text()).isEqualTo(model.toString());
        TextDoc viaUpdate = new TextDoc(9);
        viaUpdate.applyUpdate(doc.encodeStateAsUpdate());
        assertThat(viaUpdate.text()).isEqualTo(model.toString());
    }

    @Test
    void concurrentEditsConvergeAfterExchangingUpdates() {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        a.insert(0, "The fox");
        Replicas.sync(a, b);
        a.insert(4, "quick ");
        b.insert(7, " jumped");
        b.delete(0, 4);
        Replicas.sync(a, b);
        assertThat(a.text()).isEqualTo(b.text()).isEqualTo("quick fox jumped");
    }

    @Test
    void concurrentInsertionsAtTheSamePlaceDoNotInterleave() {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        a.insert(0, "[]");
        Replicas.sync(a, b);
        for (char c : "alice".toCharArray()) {
            a.insert(a.text().indexOf(']'), String.valueOf(c));
        }
        for (char c : "bob".toCharArray()) {
            b.insert(b.text().indexOf(']'), String.valueOf(c));
        }
        Replicas.sync(a, b);
        assertThat(a.text()).isEqualTo(b.text()).isIn("[alicebob]", "[bobalice]");
    }

    @Test
    void backwardTypingAtTheSamePlaceDoesNotInterleave() {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        a.insert(0, "[]");
        Replicas.sync(a, b);
        for (char c : "ecila".toCharArray()) {
            a.insert(1, String.valueOf(c));
        }
        for (char c : "bob".toCharArray()) {
            b.insert(1, String.valueOf(c));
        }
        Replicas.sync(a, b);
        assertThat(a.text()).isEqualTo(b.text());
        assertThat(a.text()).containsAnyOf("alice", "bob");
        assertThat(a.text().replace("alice", "").replace("bob", "")).isEqualTo("[]");
    }

    @Test
    void duplicateUpdatesAreIgnored() {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        a.insert(0, "abc");
        byte[] update = a.encodeStateAsUpdate();
        b.applyUpdate(update);
        b.applyUpdate(update);
        a.delete(1, 1);
        byte[] del = a.encodeUpdateSince(b.version());
        b.applyUpdate(del);
        b.applyUpdate(del);
        b.applyUpdate(update);
        assertThat(b.text()).isEqualTo("ac");
    }

    @Test
    void outOfOrderUpdatesWaitForTheirDependencies() {
        TextDoc a = new TextDoc(1);
        List<byte[]> updates = new ArrayList<>();
        a.observeUpdates(updates::add);
        a.insert(0, "hello");
        a.insert(5, " world");
        a.delete(0, 1);
        a.insert(0, "J");
        TextDoc b = new TextDoc(2);
        for (int i = updates.size() - 1; i >= 0; i--) {
            b.applyUpdate(updates.get(i));
        }
        assertThat(b.text()).isEqualTo("Jello world");
        assertThat(b.bufferedOps()).isZero();
    }

    @Test
    void observersSeeLocalAndRemoteChanges() {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        List<ChangeEvent> events = new ArrayList<>();
        b.observe(events::add);
        b.insert(0, "xy");
        a.insert(0, "ab");
        Replicas.sync(a, b);
        a.delete(0, 1);
        Replicas.sync(a, b);
        assertThat(events).contains(new ChangeEvent.Inserted(0, "xy", true));
        assertThat(events).anyMatch(e -> e instanceof ChangeEvent.Inserted i && !i.local() && i.text().equals("ab"));
        assertThat(events).anyMatch(e -> e instanceof ChangeEvent.Deleted d && !d.local() && d.length() == 1);
    }

    @Test
    void snapshotLoadsIntoAReplicaThatAlreadyHasContent() {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        a.insert(0, "shared");
        Replicas.sync(a, b);
        a.insert(6, " by a");
        b.insert(0, "b: ");
        b.applyUpdate(a.encodeSnapshot());
        a.applyUpdate(b.encodeSnapshot());
        assertThat(a.text()).isEqualTo(b.text()).isEqualTo("b: shared by a");
    }

    @Test
    void rejectsIndexesOutsideTheText() {
        TextDoc doc = new TextDoc(1);
        doc.insert(0, "abc");
        assertThatThrownBy(() -> doc.insert(4, "x")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> doc.delete(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void surrogatePairsAndLoneSurrogatesSurviveEncoding() {
        TextDoc a = new TextDoc(1);
        a.insert(0, "a\uD83D\uDE00b\uD800c");
        TextDoc b = TextDoc.fromSnapshot(2, a.encodeSnapshot());
        TextDoc c = new TextDoc(3);
        c.applyUpdate(a.encodeStateAsUpdate());
        assertThat(b.text()).isEqualTo(a.text());
        assertThat(c.text()).isEqualTo(a.text());
    }

    @Test
    void peerAheadOfUsOnOneReplicaStillGetsWhatItLacksFromTheOthers() {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        a.insert(0, "from a");
        b.insert(0, "from b ");
        // The peer claims more of replica 1 than we hold (its own unsent edits, say).
        VersionVector peer = VersionVector.of(java.util.Map.of(1, 50));
        TextDoc c = new TextDoc(3);
        c.applyUpdate(b.encodeUpdateSince(VersionVector.empty()));
        a.applyUpdate(c.encodeUpdateSince(peer));
        // Concurrent inserts at the start order by replica id: a's (1) before b's (2).
        assertThat(a.text()).isEqualTo("from afrom b ");
    }

    @Test
    void versionVectorRoundTrips() {
        TextDoc a = new TextDoc(5);
        a.insert(0, "abc");
        VersionVector v = a.version();
        assertThat(VersionVector.decode(v.encode())).isEqualTo(v);
        assertThat(v.get(5)).isEqualTo(3);
    }
}
