package io.juntos.lists;

import io.juntos.http.Json;
import io.juntos.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The list document without a server: all-or-nothing updates, last-writer-wins fields, receiving replicas. Seeded. */
class ListDocumentTest {
    private static final ItemRules RULES = new ItemRules(Json.strictMapper());
    private static final ItemRules.Writer ANA = new ItemRules.Writer("ana", Set.of("ana", "bo"));

    static ListDocument doc(int replica) {
        return new ListDocument(replica, ListLimits.defaults(), RULES);
    }

    @Test
    void aCorruptedOrTruncatedMultiPartUpdateChangesNothingAndTheGenuineOneThenApplies() {
        Seeds.tries("aCorruptedOrTruncatedMultiPartUpdateChangesNothingAndTheGenuineOneThenApplies", 200, random -> {
            ListDocument author = doc(1), server = doc(0);
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                String id = "seed" + i;
                server.apply(author.edit(e -> {
                    e.insertItem(0, id);
                    e.insertText("title:" + id, 0, "item " + id);
                }), ANA);
            }
            String id = "new" + random.nextInt(1000);
            byte[] genuine = author.edit(e -> {
                e.insertItem(random.nextInt(author.itemIds().size() + 1), id);
                e.insertText("title:" + id, 0, "fresh " + random.nextInt());
                e.setField(id, "due", "{\"date\":\"2030-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "\"}");
            });
            byte[] bad = genuine.clone();
            if (random.nextBoolean()) {
                bad = java.util.Arrays.copyOf(bad, 1 + random.nextInt(bad.length - 1));
            } else {
                int bit = random.nextInt((bad.length - 1) * 8) + 8; // any bit but the magic byte's
                bad[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            byte[] before = server.snapshot();
            byte[] refused = bad;
            assertThatThrownBy(() -> server.apply(refused, ANA)).isInstanceOf(Refused.class);
            assertThat(server.snapshot()).isEqualTo(before);
            server.apply(genuine, ANA);
            assertThat(server.snapshot()).isEqualTo(author.snapshot());
        });
    }

    @Test
    void anUpdateRefusedByALaterPartUndoesTheEarlierParts() {
        ListDocument author = doc(1), server = doc(0);
        server.apply(author.edit(e -> e.insertItem(0, "a")), ANA);
        byte[] before = server.snapshot();
        byte[] tooLong = author.edit(e -> {
            e.insertItem(1, "b");
            e.insertText("title:b", 0, "x".repeat(501));
        });
        assertThatThrownBy(() -> server.apply(tooLong, ANA)).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.tooLarge()).isTrue();
            assertThat(r.field()).isEqualTo("title");
        });
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(server.itemIds()).containsExactly("a");
    }

    @Test
    void concurrentFieldWritesEndTheSameWhateverTheArrivalOrder() {
        Seeds.tries("concurrentFieldWritesEndTheSameWhateverTheArrivalOrder", 100, random -> {
            ListDocument a = doc(1), b = doc(2), c = doc(3);
            byte[] create = a.edit(e -> e.insertItem(0, "x"));
            b.apply(create, ANA);
            c.apply(create, ANA);
            List<byte[]> updates = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ListDocument who = random.nextBoolean() ? a : b;
                String day = "2030-01-" + (10 + random.nextInt(18));
                updates.add(who.edit(e -> e.setField("x", "due", "{\"date\":\"" + day + "\"}")));
            }
            List<byte[]> shuffled = new ArrayList<>(updates);
            Collections.shuffle(shuffled, random);
            for (byte[] u : updates) {
                a.replay(u);
                b.replay(u);
            }
            for (byte[] u : shuffled) c.replay(u);
            assertThat(c.field("x", "due")).isEqualTo(a.field("x", "due")).isEqualTo(b.field("x", "due"));
        });
    }

    @Test
    void aReceivingReplicaFedOneUpdatePerKeystrokeEndsWithTheAuthorsSnapshot() {
        ListDocument author = doc(1), server = doc(0);
        server.apply(author.edit(e -> e.insertItem(0, "n")), ANA);
        String text = "Remember to water the plants on the balcony, and the fern inside. ".repeat(20);
        for (int i = 0; i < text.length(); i++) {
            int at = i;
            server.apply(author.edit(e -> e.insertText("notes:n", at, text.substring(at, at + 1))), ANA);
        }
        assertThat(server.snapshot()).isEqualTo(author.snapshot());
        ListDocument loaded = doc(5);
        loaded.load(server.snapshot());
        assertThat(loaded.snapshot()).isEqualTo(author.snapshot());
    }

    @Test
    void writesInSomeoneElsesNameAreRefused() {
        ListDocument author = doc(1), server = doc(0);
        server.apply(author.edit(e -> e.insertItem(0, "a")), ANA);
        byte[] forged = author.edit(e -> e.setField("a", "done", "{\"by\":\"bo\",\"at\":\"2026-01-01T00:00:00Z\"}"));
        assertThatThrownBy(() -> server.apply(forged, ANA)).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("not_the_sender"));
        assertThat(server.field("a", "done")).isNull();
    }
}
