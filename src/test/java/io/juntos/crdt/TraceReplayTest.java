package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceReplayTest {

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
