package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.juntos.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A rejected update changes nothing (snapshot bytes, version, buffer, no change event) and
 * the genuine update applied afterwards converges, whether the update was truncated, had
 * bits flipped, or had one of its operations corrupted in meaning behind a valid checksum.
 * Seeded (see {@link Seeds}).
 */
class AllOrNothingPropertiesTest {

    @Test
    void aRejectedUpdateLeavesTheDocumentExactlyAsItWasAndTheGenuineOneThenConverges() {
        Seeds.tries("aRejectedUpdateLeavesTheDocumentExactlyAsItWasAndTheGenuineOneThenConverges", 300, random -> {
            TextDoc author = new TextDoc(1);
            TextDoc target = new TextDoc(2);
            ReceivingReplicaPropertiesTest.Editor editor = new ReceivingReplicaPropertiesTest.Editor(random);
            for (int i = 0; i < 20 + random.nextInt(40); i++) {
                editor.edit(author);
            }
            // The twin receives exactly what the target holds, and later only the genuine update.
            TextDoc twin = new TextDoc(4);
            target.observeUpdates(twin::applyUpdate);
            byte[] first = author.encodeStateAsUpdate();
            target.applyUpdate(first);
            twin.applyUpdate(first);
            for (int i = 0; i < 5; i++) {
                editor.edit(target);
            }
            // The multi-operation update: the author's edits since the target last synced.
            for (int i = 0; i < 5 + random.nextInt(30); i++) {
                editor.edit(author);
            }
            byte[] genuine = author.encodeUpdateSince(target.version());
            byte[] corrupted = corrupt(genuine, target, random);

            byte[] before = target.encodeSnapshot();
            VersionVector version = target.version();
            List<ChangeEvent> events = new ArrayList<>();
            Subscription sub = target.observe(events::add);
            assertThatThrownBy(() -> target.applyUpdate(corrupted)).isInstanceOf(MalformedUpdateException.class);
            sub.close();
            assertThat(events).as("change events of a rejected update").isEmpty();
            assertThat(target.encodeSnapshot()).as("snapshot after a rejected update").isEqualTo(before);
            assertThat(target.version()).isEqualTo(version);
            assertThat(target.bufferedOps()).isZero();

            twin.applyUpdate(genuine);
            target.applyUpdate(genuine);
            author.applyUpdate(target.encodeUpdateSince(author.version()));
            assertThat(target.text()).isEqualTo(author.text()).isEqualTo(twin.text());
            assertThat(target.spans()).isEqualTo(author.spans());
            assertThat(target.encodeSnapshot()).as("no trace of the rejected update").isEqualTo(twin.encodeSnapshot());
        });
    }

    private static byte[] corrupt(byte[] genuine, TextDoc target, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(genuine, random.nextInt(genuine.length));
            case 1 -> {
                byte[] b = genuine.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield Arrays.equals(b, genuine) ? Arrays.copyOf(genuine, genuine.length - 1) : b;
            }
            default -> corruptAnOperation(genuine, target, random);
        };
    }

    /** Re-encodes the update (valid checksum) with one operation made invalid, late ones preferred. */
    private static byte[] corruptAnOperation(byte[] genuine, TextDoc target, Random random) {
        Update update = TestUpdates.decode(genuine);
        List<Op> ops = new ArrayList<>(update.ops());
        List<Integer> runs = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Op.RunOp r && r.replica() == 1) {
                runs.add(i);
            }
        }
        if (runs.isEmpty()) {
            return Arrays.copyOf(genuine, genuine.length - 1);
        }
        int i = runs.get(Math.max(0, runs.size() - 1 - random.nextInt(Math.min(3, runs.size()))));
        Op.RunOp r = (Op.RunOp) ops.get(i);
        Op.RunOp bad = switch (random.nextInt(4)) {
            // Origins swapped: the left one then lies after the right one in every replica.
            case 0 -> r.leftRep() != Run.NONE && r.rightRep() != Run.NONE
                    ? new Op.RunOp(r.replica(), r.counter(), r.length(), r.rightRep(), r.rightCtr(), r.leftRep(), r.leftCtr(), r.content())
                    : selfReference(r);
            // One character as both origins.
            case 1 -> r.leftRep() != Run.NONE
                    ? new Op.RunOp(r.replica(), r.counter(), r.length(), r.leftRep(), r.leftCtr(), r.leftRep(), r.leftCtr(), r.content())
                    : selfReference(r);
            // An origin naming a mark (the target's own format edits are marks).
            case 2 -> markId(target) >= 0
                    ? new Op.RunOp(r.replica(), r.counter(), r.length(), 2, markId(target), r.rightRep(), r.rightCtr(), r.content())
                    : selfReference(r);
            default -> selfReference(r);
        };
        ops.set(i, bad);
        return TestUpdates.encode(new Update(ops, update.deletes()));
    }

    /** An origin its author cannot have seen: its own run. */
    private static Op.RunOp selfReference(Op.RunOp r) {
        return new Op.RunOp(r.replica(), r.counter(), r.length(), r.leftRep(), r.leftCtr(), r.replica(), r.counter(), r.content());
    }

    private static int markId(TextDoc doc) {
        ReplicaState st = doc.seq.states.get(doc.replicaId());
        for (int b = 0; st != null && b < st.blockCount(); b++) {
            if (st.blockAt(b) instanceof MarkOp m) {
                return m.counter();
            }
        }
        return -1;
    }
}
