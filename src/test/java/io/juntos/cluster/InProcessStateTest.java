package io.juntos.cluster;

import io.juntos.testing.TestClock;

/** The shared-state contract in process: one node, so both "nodes" are the same state. */
class InProcessStateTest extends SharedStateContract {
    @Override
    ClusterState[] twoNodes(TestClock clock) {
        ClusterState one = ClusterState.inProcess(clock);
        return new ClusterState[]{one, one};
    }
}
