// Replays an editing trace (josephg/editing-traces format) through Yjs and Automerge
// and prints one JSON object of figures. Called by TraceBenchmark (bash bench/crdt/run.sh).
// Usage: node --expose-gc replay.mjs <trace.json.gz> [runs]
import fs from 'node:fs';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import * as A from '@automerge/automerge';
import { createHash } from 'node:crypto';
import * as Twin from '../../src/main/resources/web/js/crdt/index.js';

const here = new URL('.', import.meta.url).pathname;
const versionOf = (pkg) => JSON.parse(fs.readFileSync(`${here}node_modules/${pkg}/package.json`, 'utf8')).version;
const [, , tracePath, runsArg] = process.argv;
const runs = Number(runsArg || 5);
const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(tracePath)).toString('utf8'));
const patches = trace.txns.flatMap((t) => t.patches);

function gc() {
  for (let i = 0; i < 3; i++) global.gc();
}

function bestOf(n, fn) {
  let best = Infinity;
  let result;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

function yjsReplay() {
  const doc = new Y.Doc();
  const text = doc.getText('text');
  for (const [pos, del, ins] of patches) {
    if (del > 0) text.delete(pos, del);
    if (ins !== '') text.insert(pos, ins);
  }
  return doc;
}

// One change holding every edit: committing 259,778 Automerge changes one by one takes
// minutes; this is how Automerge's own benchmarks replay this trace.
function automergeReplay() {
  return A.change(A.from({ text: '' }), (d) => {
    for (const [pos, del, ins] of patches) {
      A.splice(d, ['text'], pos, del, ins);
    }
  });
}

function retained(build) {
  gc();
  const before = process.memoryUsage();
  const kept = build();
  gc();
  const after = process.memoryUsage();
  const bytes = after.heapUsed - before.heapUsed + (after.external - before.external);
  return { bytes, kept };
}

function measureYjs() {
  yjsReplay(); // warm-up
  const replay = bestOf(runs, yjsReplay);
  const doc = replay.result;
  const ok = doc.getText('text').toString() === trace.endContent;
  const v2 = Y.encodeStateAsUpdateV2(doc);
  const v1 = Y.encodeStateAsUpdate(doc);
  const load = bestOf(runs + 5, () => {
    const d = new Y.Doc();
    Y.applyUpdateV2(d, v2);
    return d;
  });
  const loadOk = load.result.getText('text').toString() === trace.endContent;
  const heap = retained(yjsReplay);
  return {
    version: versionOf('yjs'),
    replayMs: replay.ms, correct: ok && loadOk,
    snapshotBytes: v2.length, snapshotV1Bytes: v1.length, loadMs: load.ms,
    retainedBytes: heap.bytes,
  };
}

function measureAutomerge() {
  automergeReplay(); // warm-up
  const replay = bestOf(Math.min(runs, 3), automergeReplay);
  const doc = replay.result;
  const ok = doc.text === trace.endContent;
  const saved = A.save(doc);
  const load = bestOf(Math.min(runs, 3), () => A.load(saved));
  const loadOk = load.result.text === trace.endContent;
  const heap = retained(automergeReplay);
  return {
    version: versionOf('@automerge/automerge'),
    replayMs: replay.ms, correct: ok && loadOk,
    snapshotBytes: saved.length, loadMs: load.ms,
    retainedBytes: heap.bytes,
  };
}

// The Juntos JavaScript twin (what the browser runs), for reference: same trace, same replica id
// as the Java replay, so its snapshot must be byte-identical to the Java one.
function twinReplay() {
  const doc = new Twin.TextDoc(1);
  for (const [pos, del, ins] of patches) {
    if (del > 0) doc.delete(pos, del);
    if (ins !== '') doc.insert(pos, ins);
  }
  return doc;
}

// A receiving replica (the browser receiving a peer's edits): every edit as its own update.
function twinUpdates() {
  const doc = new Twin.TextDoc(1);
  const updates = [];
  doc.observeUpdates((u) => updates.push(u));
  for (const [pos, del, ins] of patches) {
    if (del > 0) doc.delete(pos, del);
    if (ins !== '') doc.insert(pos, ins);
  }
  return updates;
}

function measureTwin() {
  const replay = bestOf(2, twinReplay);
  const snapshot = replay.result.encodeSnapshot();
  const load = bestOf(runs, () => Twin.TextDoc.fromSnapshot(2, snapshot));
  const updates = twinUpdates();
  const receive = bestOf(1, () => {
    const doc = new Twin.TextDoc(2);
    for (const u of updates) doc.applyUpdate(u);
    return doc;
  });
  const received = receive.result.encodeSnapshot();
  return {
    replayMs: replay.ms, correct: replay.result.text() === trace.endContent && load.result.text() === trace.endContent,
    snapshotBytes: snapshot.length, snapshotSha256: createHash('sha256').update(snapshot).digest('hex'), loadMs: load.ms,
    receiveMs: receive.ms, receiveCorrect: receive.result.text() === trace.endContent, receivedSnapshotBytes: received.length,
    receivedSnapshotSha256: createHash('sha256').update(received).digest('hex'),
  };
}

const out = {
  node: process.version, patches: patches.length, yjs: measureYjs(), automerge: measureAutomerge(), twin: measureTwin(),
};
console.log(JSON.stringify(out));
