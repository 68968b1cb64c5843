/**
 * Sequence CRDT engine for co-edited text and lists: a pure library (no I/O, no static
 * mutable state, no dependency on other Juntos packages). Its JavaScript twin lives in
 * {@code src/main/resources/web/js/crdt/} (served at {@code /js/crdt/index.js}) with the
 * same semantics and byte-identical format; shared vectors under
 * {@code src/test/resources/crdt/vectors/} keep the two honest.
 *
 * <h2>API</h2>
 * {@link io.juntos.crdt.TextDoc} (insert, delete, format, text, spans) and
 * {@link io.juntos.crdt.ListDoc} (insert, move, remove, elements) share
 * {@link io.juntos.crdt.CrdtDoc}: {@code version()}, {@code encodeSnapshot()},
 * {@code encodeUpdateSince(VersionVector)}, {@code applyUpdate(byte[])},
 * {@code observe(ChangeListener)} and {@code observeUpdates(Consumer<byte[]>)} (the update
 * of every local edit, to send to peers). Errors derive from
 * {@link io.juntos.crdt.CrdtException}.
 *
 * <h2>Ordering: Fugue</h2>
 * Every character has an id {@code (replica, counter)}; counters are per replica and
 * dense, so a version vector says exactly which ids a replica has. A character records a
 * left origin (the character it was typed after) and a right origin (the item that
 * followed it then). Remote characters are placed by the FugueMax rule of Weidner &amp;
 * Kleppmann, "The Art of the Fugue" (2023), in its left/right-origin form (the "yjsmod"
 * integration of Gentle's reference-crdts, equal to FugueMax): concurrent insertions at one
 * place never interleave, forwards or backwards. Deleted characters stay as tombstones.
 *
 * <h2>Representation: runs in a B+tree</h2>
 * A {@code Run} holds consecutive ids typed left to right (character k&gt;0 has its
 * predecessor as left origin and shares the run's right origin), so typing a paragraph
 * costs one object. Runs split on demand and adjacent tombstone pieces of one insertion
 * merge back. Runs sit in a B+tree ({@code RunTree}) whose nodes count visible and total
 * characters: visible index → run and run → absolute position are O(log n). Text lives in a
 * per-replica paged {@code char} store indexed by counter, not in the runs. An id index per
 * replica (sorted blocks, one per insertion, each leading a chain of its split pieces)
 * finds the run of an id by binary search. Sequential local typing extends the last run
 * in place.
 *
 * <h2>Causality</h2>
 * Operations apply in any causal order: one whose predecessor (same replica) or origins
 * are missing waits in a bounded buffer ({@link io.juntos.crdt.Limits}); past the bound
 * {@link io.juntos.crdt.CausalBufferOverflowException} is thrown and nothing of the
 * offending update is kept. Applying is all-or-nothing: an update is validated
 * ({@code UpdateValidator}) and integrated inside a {@code Transaction} that is rolled back
 * if any operation is rejected. A remote run continuing its author's previous run is
 * merged into it (see {@code Sequence.integrateRun}), so receiving replicas store what
 * their authors store. Duplicates are recognised by the version vector. Deletions
 * carry no ids: they are a state-based delete set of id ranges (idempotent, commutative),
 * buffered when their targets have not arrived.
 *
 * <h2>Marks (Peritext) and lists with move</h2>
 * A format operation anchors to character ids: start "before" the first character, end
 * "before" the next character for marks that grow (bold, italic, strikethrough, code) or
 * "after" the last one for links, as in Peritext §3.3. Per character and mark type the
 * mark with the largest (lamport, replica) wins. A list element is a position character
 * plus a last-writer-wins register naming its current position (Kleppmann, "Moving
 * elements in list CRDTs"); a move inserts a new position and overwrites the register.
 *
 * <h2>Binary format (version 2)</h2>
 * All integers are unsigned LEB128 varints (signed ones zigzag); text is WTF-8 (UTF-8 that
 * also carries lone surrogates), all of a message's text in one block. A message starts
 * with the format byte {@code 2}, a kind byte (0 update, 1 snapshot) and the CRC-32C
 * (big-endian, 4 bytes) of the kind byte and everything after these six header bytes,
 * verified before anything is decoded; then a replica table (count, ids) that later
 * fields index into. Format 1 (no checksum) is refused.
 * <ul>
 * <li><b>Update</b>: groups (replica index, first counter, struct count, structs). A struct
 * header's low two bits give its kind: a run (flags: has left origin, left origin is the
 * previous counter, has right origin, deleted-without-text; then length and the explicit
 * origins), a mark or a list register. Then the text block, then the delete set (per
 * replica: ranges as gap-from-previous-end and length).</li>
 * <li><b>Snapshot</b>: the version vector, then the runs in document order, each a header
 * byte (deleted; left origin none / end of the previous run / explicit / previous counter;
 * right origin none / start of the next run / explicit / same as the previous run's;
 * same replica as the previous run; length one; right origin from a move-to-front cache of
 * 8) followed only by what the header does not imply (counters are deltas from the left
 * origin or the replica's last run). Then the text block (deleted runs carry none), then
 * marks and registers. An empty replica loads it straight into its tree.</li>
 * <li><b>Version vector</b>: format byte {@code 1} (no checksum), count, (replica, next counter) pairs.</li>
 * </ul>
 */
package io.juntos.crdt;
