package io.juntos.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every replicated document offers: its version, binary snapshots and incremental
 * updates, applying remote updates (in any causal order, duplicates ignored) and change
 * observation. Instances are not thread-safe.
 *
 * <p>Replica ids are non-negative ints and must be unique among the replicas of one
 * document (the server hands one out per editing session); two writers sharing an id
 * would mint the same character ids.
 */
public abstract sealed class CrdtDoc permits TextDoc, ListDoc {
    final Sequence seq;
    private final List<Consumer<byte[]>> updateListeners = new ArrayList<>();

    CrdtDoc(int replicaId, Limits limits) {
        this.seq = new Sequence(replicaId, limits, this::onOp);
    }

    /** Interprets a mark or register operation once it is part of the document. */
    abstract void onOp(Op op, boolean local);

    /** This replica's id: the first half of every id it mints. */
    public int replicaId() {
        return seq.localReplica;
    }

    /** Everything this replica has integrated (buffered operations excluded). */
    public VersionVector version() {
        return seq.version();
    }

    /** Operations and delete ranges waiting for missing dependencies. */
    public int bufferedOps() {
        return seq.bufferedOps();
    }

    /** Full state in document order; an empty replica loads it without replaying operations. */
    public byte[] encodeSnapshot() {
        return SnapshotCodec.encode(seq);
    }

    /**
     * "What do you have that I lack": every operation beyond {@code theirs}, plus the delete
     * set (deletions carry no ids, so all of them travel; they are run-length encoded).
     */
    public byte[] encodeUpdateSince(VersionVector theirs) {
        return UpdateCodec.encode(seq, theirs);
    }

    /** Everything, in the update format: {@code encodeUpdateSince(VersionVector.empty())}. */
    public byte[] encodeStateAsUpdate() {
        return encodeUpdateSince(VersionVector.empty());
    }

    /**
     * Applies an update or a snapshot from any replica.
     *
     * @throws MalformedUpdateException      if the bytes are not a valid message (nothing is applied)
     * @throws UnsupportedFormatException    if the message has an unknown format version
     * @throws CausalBufferOverflowException if too many operations would wait for missing dependencies
     */
    public void applyUpdate(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        try {
            if (Wire.readKind(in) == Wire.KIND_SNAPSHOT) {
                applySnapshot(SnapshotDecoder.decode(in));
            } else {
                seq.apply(UpdateCodec.decode(in));
            }
        } catch (CrdtException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedUpdateException("undecodable update: " + e, in.position());
        }
    }

    private void applySnapshot(SnapshotCodec.Snapshot snap) {
        if (seq.isPristine()) {
            SnapshotLoader.load(seq, snap);
            for (Op op : snap.others()) {
                onOp(op, false);
            }
            afterSnapshotLoad();
        } else {
            seq.apply(snap.asUpdate());
        }
    }

    /** Tells observers what a snapshot load brought in. */
    abstract void afterSnapshotLoad();

    /**
     * Delivers, after every local edit, the binary update holding just that edit (its
     * operations and its deletions) — what a client sends to its peers.
     */
    public Subscription observeUpdates(Consumer<byte[]> listener) {
        updateListeners.add(listener);
        return () -> updateListeners.remove(listener);
    }

    /** Runs one local edit; publishes its update to {@link #observeUpdates} listeners. */
    final void local(Runnable edit) {
        seq.beginLocal();
        edit.run();
        if (!updateListeners.isEmpty()) {
            byte[] update = seq.localUpdate();
            for (Consumer<byte[]> l : List.copyOf(updateListeners)) {
                l.accept(update);
            }
        }
    }

    /** Delivers every local and remote change as a {@link ChangeEvent}, synchronously. */
    public Subscription observe(ChangeListener listener) {
        seq.addListener(listener);
        return () -> seq.removeListener(listener);
    }
}
