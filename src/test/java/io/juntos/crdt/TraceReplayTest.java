package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceReplayTest {

    /**
     * The issue #17 scenario: the server receives automerge-paper as 259,778 single-edit
     * updates. Before run merging it held 497,510 B of snapshot against the author's 158,605 B.
     */
    @Test
    void aReplicaReceivingAutomergePaperOneEditAtATimeStoresExactlyWhatTheAuthorStores() {
        EditingTrace trace = EditingTrace.load(TraceAvailability.trace("automerge-paper.json.gz"));
        TextDoc author = new TextDoc(1);
        TextDoc server = new TextDoc(2);
        List<byte[]> updates = new ArrayList<>();
        author.observeUpdates(updates::add);
        for (int i = 0; i < trace.patchCount(); i++) {
            if (trace.del()[i] > 0) {
                author.delete(trace.pos()[i], trace.del()[i]);
            }
            if (!trace.ins()[i].isEmpty()) {
                author.insert(trace.pos()[i], trace.ins()[i]);
            }
        }
        updates.forEach(server::applyUpdate);
        assertThat(server.text()).isEqualTo(trace.endContent());
        ReceivingReplicaPropertiesTest.assertSameStorage(author, server);
    }

    @Test
    void concurrentFriendsforeverTraceConvergesToItsEndContent() {
        EditingTrace trace = EditingTrace.load(TraceAvailability.trace("friendsforever.json.gz"));
        List<TextDoc> replicas = new ConcurrentTraceReplay(trace).run();
        for (TextDoc doc : replicas) {
            assertThat(doc.text()).isEqualTo(trace.endContent());
            assertThat(doc.bufferedOps()).isZero();
        }
        TextDoc loaded = TextDoc.fromSnapshot(99, replicas.get(0).encodeSnapshot());
        assertThat(loaded.text()).isEqualTo(trace.endContent());
        TextDoc merged = new TextDoc(98);
        merged.applyUpdate(replicas.get(1).encodeStateAsUpdate());
        assertThat(merged.text()).isEqualTo(trace.endContent());
    }
}
