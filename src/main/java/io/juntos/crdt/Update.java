package io.juntos.crdt;

import java.util.List;

/** A decoded update: operations grouped per replica in counter order, and deleted id ranges. */
record Update(List<Op> ops, List<DeleteRange> deletes) {
}
