package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.juntos.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A replica that receives edits one update at a time (the server, a browser) stores them as
 * their authors do: same runs, same snapshot bytes, same id index. Seeded (see {@link Seeds}).
 */
class ReceivingReplicaPropertiesTest {

    @Test
    void aReplicaFedOneUpdatePerEditEndsByteIdenticalToItsAuthor() {
        Seeds.tries("aReplicaFedOneUpdatePerEditEndsByteIdenticalToItsAuthor", 120, random -> {
            TextDoc author = new TextDoc(1 + random.nextInt(50));
            List<byte[]> updates = new ArrayList<>();
            author.observeUpdates(updates::add);
            Editor editor = new Editor(random);
            for (int i = 0, n = 50 + random.nextInt(250); i < n; i++) {
                editor.edit(author);
            }
            TextDoc inOrder = new TextDoc(900);
            TextDoc shuffled = new TextDoc(901);
            List<byte[]> queue = new ArrayList<>();
            for (byte[] u : updates) {
                inOrder.applyUpdate(u);
                if (random.nextInt(6) == 0) {
                    inOrder.applyUpdate(updates.get(random.nextInt(updates.size()))); // duplicates, old and new
                }
                queue.add(u);
                // Delayed delivery: held updates go out later, in random order.
                while (!queue.isEmpty() && random.nextInt(3) == 0) {
                    byte[] m = random.nextInt(5) == 0 ? queue.get(random.nextInt(queue.size())) : queue.remove(random.nextInt(queue.size()));
                    shuffled.applyUpdate(m);
                }
            }
            while (!queue.isEmpty()) {
                shuffled.applyUpdate(queue.remove(random.nextInt(queue.size())));
            }
            assertSameStorage(author, inOrder);
            assertSameStorage(author, shuffled);
        });
    }

    @Test
    void concurrentAuthorsAndTheServerThatRelaysThemEndWithIdenticalSnapshots() {
        Seeds.tries("concurrentAuthorsAndTheServerThatRelaysThemEndWithIdenticalSnapshots", 80, random -> {
            int n = 2 + random.nextInt(3);
            List<TextDoc> authors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                authors.add(new TextDoc(10 + i));
            }
            TextDoc server = new TextDoc(0);
            List<byte[]> relayed = new ArrayList<>();
            authors.forEach(a -> a.observeUpdates(relayed::add));
            Network net = new Network(authors, random);
            Editor editor = new Editor(random);
            for (int step = 0; step < 150; step++) {
                editor.edit(authors.get(random.nextInt(n)));
                for (int d = random.nextInt(3); d > 0; d--) {
                    net.deliverOne();
                }
            }
            net.flush();
            // The server gets every update once, in the order they were made (a causal order), some twice.
            for (byte[] u : relayed) {
                server.applyUpdate(u);
                if (random.nextInt(8) == 0) {
                    server.applyUpdate(relayed.get(random.nextInt(relayed.size())));
                }
            }
            for (TextDoc a : authors) {
                assertThat(a.text()).isEqualTo(server.text());
                assertThat(a.encodeSnapshot()).as("snapshot of replica " + a.replicaId()).isEqualTo(server.encodeSnapshot());
            }
        });
    }

    /** Same snapshot bytes and, per replica, the same id index size: nothing more retained than the author keeps. */
    static void assertSameStorage(TextDoc author, TextDoc receiver) {
        assertThat(receiver.bufferedOps()).isZero();
        assertThat(receiver.text()).isEqualTo(author.text());
        assertThat(receiver.encodeSnapshot()).isEqualTo(author.encodeSnapshot());
        assertThat(receiver.seq.states.get(author.replicaId()).blockCount())
                .isEqualTo(author.seq.states.get(author.replicaId()).blockCount());
    }

    /** Edits as people make them: mostly typing at the caret, backspace, jumps, some formatting. */
    static final class Editor {
        private final Random random;
        private int caret;

        Editor(Random random) {
            this.random = random;
        }

        void edit(TextDoc doc) {
            int len = doc.length();
            caret = Math.min(caret, len);
            int kind = random.nextInt(20);
            if (kind < 12 || len == 0) {
                String s = random.nextInt(8) == 0 ? "\uD83D\uDE00" : Character.toString('a' + random.nextInt(26)).repeat(1 + random.nextInt(random.nextInt(10) == 0 ? 6 : 1));
                doc.insert(caret, s);
                caret += s.length();
            } else if (kind < 15 && caret > 0) {
                doc.delete(caret - 1, 1);
                caret--;
            } else if (kind < 17) {
                caret = random.nextInt(len + 1);
            } else if (kind < 19) {
                int at = random.nextInt(len);
                doc.delete(at, 1 + random.nextInt(Math.min(5, len - at)));
                caret = at;
            } else {
                int at = random.nextInt(len);
                doc.format(at, 1 + random.nextInt(len - at), MarkType.values()[random.nextInt(MarkType.values().length)],
                        random.nextInt(4) == 0 ? null : "https://x.test/" + random.nextInt(3));
            }
        }
    }
}
