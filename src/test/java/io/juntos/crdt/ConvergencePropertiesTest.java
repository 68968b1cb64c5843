package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import io.juntos.testing.Seeds;
import org.junit.jupiter.api.Test;

/**
 * Random concurrent editing on 3–5 replicas with out-of-order, duplicated, delayed delivery.
 * Seeded: each run prints its seed, {@code -Djuntos.seed=…} replays it (see {@link Seeds}).
 */
class ConvergencePropertiesTest {

    private static List<TextDoc> textReplicas(int n, Random random) {
        List<TextDoc> docs = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        while (docs.size() < n) {
            int id = random.nextInt(1000);
            if (ids.add(id)) {
                docs.add(new TextDoc(id));
            }
        }
        return docs;
    }

    @Test
    void textReplicasConvergeWhateverTheDeliveryOrder() {
        Seeds.tries("textReplicasConvergeWhateverTheDeliveryOrder", 200, ConvergencePropertiesTest::textReplicasConverge);
    }

    private static void textReplicasConverge(Random random) {
        int n = 3 + random.nextInt(3);
        List<TextDoc> docs = textReplicas(n, random);
        Network net = new Network(docs, random);
        for (int step = 0; step < 120; step++) {
            TextDoc doc = docs.get(random.nextInt(n));
            randomEdit(doc, random);
            for (int d = random.nextInt(3); d > 0; d--) {
                net.deliverOne();
            }
            if (random.nextInt(15) == 0) {
                // Out-of-band catch-up: a state diff or a whole snapshot from another replica.
                TextDoc from = docs.get(random.nextInt(n));
                doc.applyUpdate(random.nextBoolean() ? from.encodeUpdateSince(doc.version()) : from.encodeSnapshot());
            }
        }
        net.flush();
        String text = docs.get(0).text();
        List<Span> spans = docs.get(0).spans();
        for (TextDoc doc : docs) {
            assertThat(doc.bufferedOps()).isZero();
            assertThat(doc.text()).isEqualTo(text);
            assertThat(doc.spans()).isEqualTo(spans);
            assertThat(doc.version()).isEqualTo(docs.get(0).version());
        }
        TextDoc fromSnapshot = TextDoc.fromSnapshot(5000, docs.get(0).encodeSnapshot());
        assertThat(fromSnapshot.text()).isEqualTo(text);
        assertThat(fromSnapshot.spans()).isEqualTo(spans);
    }

    private static void randomEdit(TextDoc doc, Random random) {
        int len = doc.length();
        int kind = random.nextInt(10);
        if (kind < 5 || len == 0) {
            String s = Character.toString('a' + random.nextInt(26)).repeat(1 + random.nextInt(3));
            doc.insert(random.nextInt(len + 1), s);
        } else if (kind < 8) {
            int at = random.nextInt(len);
            doc.delete(at, 1 + random.nextInt(Math.min(4, len - at)));
        } else {
            int at = random.nextInt(len);
            MarkType type = MarkType.values()[random.nextInt(MarkType.values().length)];
            String value = random.nextInt(4) == 0 ? null : "https://x.test/" + random.nextInt(3);
            doc.format(at, 1 + random.nextInt(len - at), type, value);
        }
    }

    @Test
    void concurrentTypingAtOnePlaceNeverInterleaves() {
        Seeds.tries("concurrentTypingAtOnePlaceNeverInterleaves", 150, ConvergencePropertiesTest::noInterleaving);
    }

    private static void noInterleaving(Random random) {
        int n = 3 + random.nextInt(3);
        boolean backwards = random.nextBoolean();
        List<TextDoc> docs = textReplicas(n, random);
        docs.get(0).insert(0, "<>");
        Replicas.syncAll(docs.toArray(CrdtDoc[]::new));
        Network net = new Network(docs, random);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(Character.toString('A' + i).repeat(2 + random.nextInt(5)) + i);
        }
        int[] typed = new int[n];
        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < n; i++) {
                if (typed[i] < words.get(i).length() && random.nextBoolean()) {
                    String w = words.get(i);
                    if (backwards) {
                        docs.get(i).insert(1, String.valueOf(w.charAt(w.length() - 1 - typed[i])));
                    } else {
                        docs.get(i).insert(1 + typed[i], String.valueOf(w.charAt(typed[i])));
                    }
                    typed[i]++;
                }
                more |= typed[i] < words.get(i).length();
            }
        }
        net.flush();
        String text = docs.get(0).text();
        for (TextDoc doc : docs) {
            assertThat(doc.text()).isEqualTo(text);
        }
        for (String w : words) {
            assertThat(text).contains(w);
        }
    }

    @Test
    void movesNeverDuplicateOrLoseAnElement() {
        Seeds.tries("movesNeverDuplicateOrLoseAnElement", 150, ConvergencePropertiesTest::movesKeepEveryElementOnce);
    }

    private static void movesKeepEveryElementOnce(Random random) {
        int n = 3 + random.nextInt(3);
        List<ListDoc> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(new ListDoc(10 + i));
        }
        for (int i = 0; i < 6; i++) {
            docs.get(0).insert(i, "item" + i);
        }
        Replicas.syncAll(docs.toArray(CrdtDoc[]::new));
        Network net = new Network(docs, random);
        Set<String> removed = new HashSet<>();
        Set<String> all = new HashSet<>(docs.get(0).elements());
        int fresh = 100;
        for (int step = 0; step < 80; step++) {
            ListDoc doc = docs.get(random.nextInt(n));
            int size = doc.size();
            int kind = random.nextInt(10);
            if (kind < 2 || size < 2) {
                String id = "new" + fresh++;
                all.add(id);
                doc.insert(random.nextInt(size + 1), id);
            } else if (kind < 9) {
                doc.move(random.nextInt(size), random.nextInt(size));
            } else {
                int i = random.nextInt(size);
                removed.add(doc.elements().get(i));
                doc.remove(i);
            }
            for (int d = random.nextInt(3); d > 0; d--) {
                net.deliverOne();
            }
        }
        net.flush();
        List<String> elements = docs.get(0).elements();
        for (ListDoc doc : docs) {
            assertThat(doc.elements()).isEqualTo(elements);
        }
        assertThat(new HashSet<>(elements)).hasSize(elements.size());
        for (String id : all) {
            if (!removed.contains(id)) {
                assertThat(elements).contains(id);
            }
        }
    }
}
