package io.juntos.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Replays a concurrent trace: one replica per agent. Before a transaction, its author's
 * replica receives the updates of every ancestor it lacks (exactly the version the author
 * saw); each transaction's edits are captured as the updates they produced.
 */
public final class ConcurrentTraceReplay {
    private final EditingTrace trace;
    private final List<TextDoc> replicas = new ArrayList<>();
    private final List<BitSet> applied = new ArrayList<>();
    private final List<List<byte[]>> updatesOfTxn = new ArrayList<>();

    public ConcurrentTraceReplay(EditingTrace trace) {
        this.trace = trace;
        int agents = 0;
        for (int a : trace.agent()) {
            agents = Math.max(agents, a + 1);
        }
        for (int a = 0; a < agents; a++) {
            replicas.add(new TextDoc(a + 1));
            applied.add(new BitSet());
        }
        for (int t = 0; t < trace.parents().length; t++) {
            updatesOfTxn.add(new ArrayList<>(2));
        }
    }

    /** Runs every transaction, then merges all replicas; returns them. */
    public List<TextDoc> run() {
        int[] txnOf = trace.txnOfPatch();
        int p = 0;
        for (int t = 0; t < trace.parents().length; t++) {
            int a = trace.agent()[t];
            TextDoc doc = replicas.get(a);
            catchUp(a, trace.parents()[t]);
            List<byte[]> out = updatesOfTxn.get(t);
            try (Subscription s = doc.observeUpdates(out::add)) {
                for (; p < txnOf.length && txnOf[p] == t; p++) {
                    if (trace.del()[p] > 0) {
                        doc.delete(trace.pos()[p], trace.del()[p]);
                    }
                    if (!trace.ins()[p].isEmpty()) {
                        doc.insert(trace.pos()[p], trace.ins()[p]);
                    }
                }
            }
            applied.get(a).set(t);
        }
        int[] all = new int[trace.parents().length];
        for (int t = 0; t < all.length; t++) {
            all[t] = t;
        }
        for (int a = 0; a < replicas.size(); a++) {
            catchUp(a, all);
        }
        return replicas;
    }

    private void catchUp(int agent, int[] parents) {
        BitSet have = applied.get(agent);
        BitSet need = new BitSet();
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        for (int p : parents) {
            stack.push(p);
        }
        while (!stack.isEmpty()) {
            int t = stack.pop();
            if (have.get(t) || need.get(t)) {
                continue;
            }
            need.set(t);
            for (int p : trace.parents()[t]) {
                stack.push(p);
            }
        }
        TextDoc doc = replicas.get(agent);
        for (int t = need.nextSetBit(0); t >= 0; t = need.nextSetBit(t + 1)) {
            for (byte[] u : updatesOfTxn.get(t)) {
                doc.applyUpdate(u);
            }
            have.set(t);
        }
    }
}
