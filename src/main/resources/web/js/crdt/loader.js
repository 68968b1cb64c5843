// Loads a decoded snapshot into an empty replica without replaying operations
// (SnapshotLoader.java): runs are already in document order; everything is validated
// before the document is touched.
import { MalformedUpdateError } from './errors.js';
import { NONE, Run } from './sequence.js';

export function loadSnapshot(seq, snap) {
  const spans = validateIds(snap);
  const require = (rep, ctr) => {
    if (rep === NONE) return null;
    const s = spans.get(rep);
    if (s) {
      let lo = 0;
      let hi = s.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (s[mid][0] <= ctr) lo = mid; else hi = mid - 1;
      }
      if (s[lo][0] <= ctr && ctr < s[lo][0] + s[lo][1] && s[lo][2]) return s[lo][3];
    }
    throw new MalformedUpdateError(`snapshot references unknown character ${rep}:${ctr}`, -1);
  };
  // Fugue places a run between its origins: a cheap sanity check of the trusted order.
  const indexOfRun = new Map(snap.runs.map((r, i) => [r, i]));
  snap.runs.forEach((r, i) => {
    const left = require(r.leftRep, r.leftCtr);
    const right = require(r.rightRep, r.rightCtr);
    if (left !== null && indexOfRun.get(left) >= i) {
      throw new MalformedUpdateError(`snapshot run ${i} lies before its left origin`, -1);
    }
    if (right !== null && indexOfRun.get(right) <= i) {
      throw new MalformedUpdateError(`snapshot run ${i} lies after its right origin`, -1);
    }
  });
  for (const op of snap.others) {
    if (op.kind === 'mark') {
      require(op.startRep, op.startCtr);
      require(op.endRep, op.endCtr);
    } else {
      require(op.posRep, op.posCtr);
    }
  }
  const blocks = new Map();
  const add = (rep, counter, b) => {
    if (!blocks.has(rep)) blocks.set(rep, []);
    blocks.get(rep).push([counter, b]);
  };
  for (const op of snap.runs) {
    const run = new Run(op.replica, op.counter, op.length, op.leftRep, op.leftCtr, op.rightRep, op.rightCtr,
      op.content);
    seq.runs.push(run);
    if (!run.deleted) seq.visibleLength += run.len;
    add(op.replica, op.counter, run);
  }
  for (const op of snap.others) {
    add(op.replica, op.counter, op);
    seq.lamport = Math.max(seq.lamport, op.lamport);
  }
  for (const [rep, list] of blocks) {
    list.sort((a, b) => a[0] - b[0]);
    const st = seq.state(rep);
    for (const [counter, b] of list) st.append(counter, b);
    st.next = snap.version.get(rep) || 0;
  }
}

function validateIds(snap) {
  const byRep = new Map();
  const add = (rep, span) => {
    if (!byRep.has(rep)) byRep.set(rep, []);
    byRep.get(rep).push(span);
  };
  for (const r of snap.runs) add(r.replica, [r.counter, r.length, true, r]);
  for (const op of snap.others) add(op.replica, [op.counter, 1, false, null]);
  for (const [rep, spans] of byRep) {
    spans.sort((a, b) => a[0] - b[0]);
    let expect = 0;
    for (const s of spans) {
      if (s[0] !== expect) throw new MalformedUpdateError(`snapshot ids of replica ${rep} do not tile at ${s[0]}`, -1);
      expect += s[1];
    }
    if (expect !== (snap.version.get(rep) || 0)) {
      throw new MalformedUpdateError(`snapshot version of replica ${rep} disagrees with its ids`, -1);
    }
  }
  for (const [rep, v] of snap.version) {
    if (v > 0 && !byRep.has(rep)) throw new MalformedUpdateError(`snapshot version names replica ${rep} without ids`, -1);
  }
  return byRep;
}
