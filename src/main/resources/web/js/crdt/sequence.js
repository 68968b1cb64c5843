// The replicated sequence shared by TextDoc and ListDoc: the JavaScript twin of
// io.juntos.crdt.Sequence. Same Fugue integration over runs, same tombstones, same causal
// buffer; a plain array of runs in document order stands in for the Java B+tree (browser
// documents are small, and the semantics, not the index, must match). A lazily extended
// prefix of visible offsets makes edits near the previous one cheap (typing locality).
import { CrdtError, MalformedUpdateError, CausalBufferOverflowError } from './errors.js';

export const NONE = -1;

/** Consecutive ids (replica, counter..counter+len-1) typed left to right; see Run.java. */
export class Run {
  constructor(replica, counter, len, leftRep, leftCtr, rightRep, rightCtr, text) {
    this.replica = replica;
    this.counter = counter;
    this.len = len;
    this.leftRep = leftRep;
    this.leftCtr = leftCtr;
    this.rightRep = rightRep;
    this.rightCtr = rightCtr;
    this.text = text; // null once deleted: tombstones keep no text
    this.deleted = text === null;
    this.idNext = null;
  }

  get end() {
    return this.counter + this.len;
  }

  startsWith(rep, ctr) {
    return this.replica === rep && this.counter === ctr;
  }
}

/** One replica's counter space: next expected counter and an id index of blocks. */
export class ReplicaState {
  constructor(replica) {
    this.replica = replica;
    this.next = 0;
    this.starts = [];
    this.blocks = [];
  }

  append(counter, block) {
    this.starts.push(counter);
    this.blocks.push(block);
  }

  truncate(size) {
    this.starts.length = size;
    this.blocks.length = size;
  }

  blockIndex(counter) {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= counter) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  block(counter) {
    if (counter < 0 || counter >= this.next || this.blocks.length === 0) return null;
    return this.blocks[this.blockIndex(counter)];
  }

  run(counter) {
    let r = this.block(counter);
    if (!(r instanceof Run)) return null;
    while (counter >= r.end) r = r.idNext;
    return r;
  }
}

const opLength = (op) => (op.kind === 'run' ? op.length : 1);

export class Sequence {
  constructor(localReplica, maxBufferedOps, opSink) {
    if (!Number.isInteger(localReplica) || localReplica < 0 || localReplica > 2147483647) {
      throw new RangeError(`replica id must be a non-negative 31-bit integer, was ${localReplica}`);
    }
    this.localReplica = localReplica;
    this.runs = [];
    this.visibleLength = 0;
    // visStart[i] = visible offset of runs[i], trustworthy for i < valid only.
    this.visStart = [];
    this.valid = 0;
    this.lastIdx = 0;
    this.states = new Map();
    this.local = this.state(localReplica);
    this.buffer = new CausalBuffer(maxBufferedOps);
    this.opSink = opSink;
    this.listeners = [];
    this.lamport = 0;
    this.localDeletes = [];
    this.localStart = 0;
    // The remote update being applied (see Transaction.java): undo actions and held effects.
    this.txn = null;
    this.placementSplits = [];
  }

  state(replica) {
    let st = this.states.get(replica);
    if (!st) {
      st = new ReplicaState(replica);
      this.states.set(replica, st);
      if (this.txn) this.txn.undo.push(() => this.states.delete(replica));
    }
    return st;
  }

  next(replica) {
    const st = this.states.get(replica);
    return st ? st.next : 0;
  }

  isPristine() {
    return this.runs.length === 0 && this.buffer.size() === 0
      && [...this.states.values()].every((st) => st.next === 0);
  }

  emit(event) {
    if (this.txn) this.txn.effects.push(() => this.deliver(event));
    else this.deliver(event);
  }

  deliver(event) {
    for (const l of [...this.listeners]) l(event);
  }

  begin() {
    this.txn = { undo: [], effects: [], lamport: this.lamport };
  }

  rollback() {
    const t = this.txn;
    this.txn = null;
    for (let i = t.undo.length - 1; i >= 0; i--) t.undo[i]();
    this.lamport = t.lamport;
  }

  commit() {
    const t = this.txn;
    this.txn = null;
    for (const effect of t.effects) effect();
  }

  findRun(rep, ctr) {
    const st = this.states.get(rep);
    return st ? st.run(ctr) : null;
  }

  text() {
    let s = '';
    for (const r of this.runs) if (!r.deleted) s += r.text;
    return s;
  }

  // ---- the run list (the Java RunTree) ----

  invalidateFrom(i) {
    if (i < this.valid) this.valid = i;
  }

  runAtVisible(index) {
    if (index < 0 || index >= this.visibleLength) throw new RangeError('visible index out of range');
    const runs = this.runs;
    const vs = this.visStart;
    let valid = this.valid;
    if (valid === 0 && runs.length) {
      vs[0] = 0;
      valid = 1;
    }
    // Extend the known prefix until its last run ends beyond index.
    while (valid < runs.length) {
      const last = runs[valid - 1];
      const end = vs[valid - 1] + (last.deleted ? 0 : last.len);
      if (end > index) break;
      vs[valid++] = end;
    }
    this.valid = valid;
    // The largest i with visStart[i] <= index is the visible run holding index
    // (tombstones share the offset of the run after them).
    let lo = 0;
    let hi = valid - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (vs[mid] <= index) lo = mid; else hi = mid - 1;
    }
    this.lastIdx = lo;
    return { run: runs[lo], offset: index - vs[lo], i: lo };
  }

  indexOf(r) {
    const runs = this.runs;
    const h = this.lastIdx;
    for (let k = h - 1; k <= h + 2; k++) {
      if (runs[k] === r) {
        this.lastIdx = k;
        return k;
      }
    }
    const i = runs.indexOf(r);
    this.lastIdx = i;
    return i;
  }

  nextRun(r) {
    const i = this.indexOf(r);
    return i + 1 < this.runs.length ? this.runs[i + 1] : null;
  }

  prevRun(r) {
    const i = this.indexOf(r);
    return i > 0 ? this.runs[i - 1] : null;
  }

  position(r) {
    let p = 0;
    for (const x of this.runs) {
      if (x === r) return p;
      p += x.len;
    }
    throw new Error('run not in document');
  }

  visiblePosition(r) {
    let p = 0;
    for (const x of this.runs) {
      if (x === r) return p;
      if (!x.deleted) p += x.len;
    }
    throw new Error('run not in document');
  }

  totalLength() {
    let n = 0;
    for (const r of this.runs) n += r.len;
    return n;
  }

  split(r, offset) {
    const tail = new Run(r.replica, r.counter + offset, r.len - offset, r.replica, r.counter + offset - 1,
      r.rightRep, r.rightCtr, r.text === null ? null : r.text.slice(offset));
    tail.deleted = r.deleted;
    tail.idNext = r.idNext;
    r.idNext = tail;
    r.len = offset;
    if (r.text !== null) r.text = r.text.slice(0, offset);
    const i = this.indexOf(r);
    this.runs.splice(i + 1, 0, tail);
    this.invalidateFrom(i + 1);
    return tail;
  }

  removeRun(r) {
    const i = this.indexOf(r);
    this.runs.splice(i, 1);
    this.invalidateFrom(i);
    if (!r.deleted) this.visibleLength -= r.len;
    r.len = 0;
  }

  extendRun(r, n, text) {
    r.len += n;
    if (!r.deleted) {
      r.text += text;
      this.visibleLength += n;
    }
    this.invalidateFrom(this.indexOf(r) + 1);
  }

  shrinkRun(r, n) {
    r.len -= n;
    if (!r.deleted) {
      r.text = r.text.slice(0, r.len);
      this.visibleLength -= n;
    }
    this.invalidateFrom(this.indexOf(r) + 1);
  }

  // A split made to place a remote run; rejoinUnusedSplits() joins it again when unused.
  placementSplit(r, offset) {
    const tail = this.split(r, offset);
    const split = { head: r, tail, live: true };
    this.placementSplits.push(split);
    if (this.txn) {
      this.txn.undo.push(() => {
        if (split.live) this.absorbNext(r, tail);
      });
    }
    return tail;
  }

  rejoinUnusedSplits() {
    const splits = this.placementSplits;
    for (let i = splits.length - 1; i >= 0; i--) {
      const s = splits[i];
      let cutAgain = false;
      for (let j = i + 1; j < splits.length; j++) if (splits[j].head === s.tail && splits[j].live) cutAgain = true;
      if (!cutAgain && this.nextRun(s.head) === s.tail && this.absorbNext(s.head, s.tail)) s.live = false;
    }
    this.placementSplits = [];
  }

  insertAt(i, run) {
    this.runs.splice(i, 0, run);
    this.invalidateFrom(i);
    this.lastIdx = i;
    if (!run.deleted) this.visibleLength += run.len;
  }

  insertAfter(ref, run) {
    this.insertAt(ref === null ? 0 : this.indexOf(ref) + 1, run);
  }

  insertBefore(ref, run) {
    this.insertAt(ref === null ? this.runs.length : this.indexOf(ref), run);
  }

  markDeleted(r) {
    if (!r.deleted) {
      r.deleted = true;
      r.text = null;
      this.visibleLength -= r.len;
      this.invalidateFrom(this.indexOf(r) + 1);
    }
  }

  absorbNext(a, b) {
    if (b === null || a.idNext !== b || a.deleted !== b.deleted || this.nextRun(a) !== b) return false;
    const i = this.indexOf(b);
    this.runs.splice(i, 1);
    this.invalidateFrom(i);
    a.len += b.len;
    if (a.text !== null) a.text += b.text;
    a.idNext = b.idNext;
    return true;
  }

  coalesce(r) {
    const prev = this.prevRun(r);
    if (prev !== null && this.absorbNext(prev, r)) r = prev;
    this.absorbNext(r, this.nextRun(r));
  }

  // ---- local edits ----

  localInsert(index, text) {
    const n = text.length;
    let left = null;
    if (index > 0) {
      const f = this.runAtVisible(index - 1);
      left = f.run;
      if (f.offset < left.len - 1) this.split(left, f.offset + 1);
    }
    const right = left === null ? (this.runs[0] || null) : this.nextRun(left);
    const counter = this.local.next;
    this.local.next += n;
    let run;
    if (left !== null && this.canExtend(left, right, counter)) {
      left.len += n;
      left.text += text;
      this.visibleLength += n;
      this.invalidateFrom(this.indexOf(left) + 1);
      run = left;
    } else {
      run = new Run(this.localReplica, counter, n,
        left === null ? NONE : left.replica, left === null ? 0 : left.end - 1,
        right === null ? NONE : right.replica, right === null ? 0 : right.counter, text);
      this.insertAfter(left, run);
      this.local.append(counter, run);
    }
    if (this.listeners.length) this.emit({ type: 'insert', index, text, local: true });
    return run;
  }

  canExtend(left, right, counter) {
    if (left.replica !== this.localReplica || left.end !== counter || left.deleted) return false;
    return right === null ? left.rightRep === NONE : right.startsWith(left.rightRep, left.rightCtr);
  }

  localDelete(index, length) {
    let remaining = length;
    while (remaining > 0) {
      const f = this.runAtVisible(index);
      let r = f.run;
      if (f.offset > 0) r = this.split(r, f.offset);
      if (r.len > remaining) this.split(r, remaining);
      this.markDeleted(r);
      this.localDeletes.push({ replica: r.replica, start: r.counter, length: r.len });
      remaining -= r.len;
      this.coalesce(r);
    }
    if (this.listeners.length) this.emit({ type: 'delete', index, length, local: true });
  }

  beginLocal() {
    this.localDeletes = [];
    this.localStart = this.local.next;
  }

  localOp(op) {
    this.integrateOther(op);
    this.opSink(op, true);
  }

  // ---- remote updates ----

  apply(update) {
    this.buffer.apply(this, update);
  }

  ready(op) {
    switch (op.kind) {
      case 'run': return this.known(op.leftRep, op.leftCtr) && this.known(op.rightRep, op.rightCtr);
      case 'mark': return this.known(op.startRep, op.startCtr) && this.known(op.endRep, op.endCtr);
      default: return this.known(op.posRep, op.posCtr);
    }
  }

  known(rep, ctr) {
    if (rep === NONE) return true;
    const st = this.states.get(rep);
    if (!st || ctr >= st.next) return false;
    if (!(st.block(ctr) instanceof Run)) {
      throw new MalformedUpdateError(`id ${rep}:${ctr} is referenced as a character but is not one`, -1);
    }
    return true;
  }

  integrate(op) {
    if (op.kind === 'run') {
      this.integrateRun(op);
    } else {
      this.integrateOther(op);
      if (this.txn) this.txn.effects.push(() => this.opSink(op, false));
      else this.opSink(op, false);
    }
  }

  recordIndexChange(st) {
    if (this.txn) {
      const next = st.next;
      const blocks = st.blocks.length;
      this.txn.undo.push(() => {
        st.next = next;
        st.truncate(blocks);
      });
    }
  }

  integrateOther(op) {
    const st = this.state(op.replica);
    this.recordIndexChange(st);
    st.append(op.counter, op);
    st.next = op.counter + 1;
    this.lamport = Math.max(this.lamport, op.lamport);
  }

  // Fugue integration (FugueMax order, YATA-style left/right origins); see Sequence.java.
  // A run continuing its author's previous piece is merged into it when placed right after
  // it and alike in deletion, else linked as its next piece: stored as the author stores it.
  integrateRun(op) {
    this.placementSplits = [];
    let left = null;
    if (op.leftRep !== NONE) {
      left = this.findRun(op.leftRep, op.leftCtr);
      if (op.leftCtr !== left.end - 1) this.placementSplit(left, op.leftCtr - left.counter + 1);
    }
    let right = null;
    if (op.rightRep !== NONE) {
      if (op.rightRep === op.leftRep && op.rightCtr === op.leftCtr) {
        throw new MalformedUpdateError(`run ${op.replica}:${op.counter} has one character as both origins`, -1);
      }
      right = this.findRun(op.rightRep, op.rightCtr);
      if (right.counter !== op.rightCtr) {
        right = this.placementSplit(right, op.rightCtr - right.counter);
        if (left !== null) left = this.findRun(op.leftRep, op.leftCtr); // the split may have cut the left run
      }
    }
    const dest = this.placeBefore(op, left, right);
    const st = this.state(op.replica);
    this.recordIndexChange(st);
    const deleted = op.content === null;
    const prev = this.continued(op);
    let run;
    if (prev !== null && prev.deleted === deleted && this.nextRun(prev) === dest) {
      this.extendRun(prev, op.length, op.content);
      if (this.txn) this.txn.undo.push(() => this.shrinkRun(prev, op.length));
      run = prev;
    } else {
      run = new Run(op.replica, op.counter, op.length, op.leftRep, op.leftCtr, op.rightRep, op.rightCtr,
        op.content);
      this.insertBefore(dest, run);
      if (prev !== null) prev.idNext = run;
      else st.append(op.counter, run);
      if (this.txn) {
        this.txn.undo.push(() => {
          if (prev !== null) prev.idNext = null;
          this.removeRun(run);
        });
      }
    }
    st.next = op.counter + op.length;
    this.rejoinUnusedSplits();
    if (this.listeners.length && !deleted) {
      this.emit({ type: 'insert', index: this.visiblePosition(run) + (op.counter - run.counter), text: op.content, local: false });
    }
  }

  continued(op) {
    if (op.leftRep !== op.replica || op.leftCtr !== op.counter - 1) return null;
    const prev = this.findRun(op.replica, op.leftCtr);
    const sameRight = prev.rightRep === op.rightRep && (op.rightRep === NONE || prev.rightCtr === op.rightCtr);
    return sameRight && prev.end === op.counter && prev.idNext === null ? prev : null;
  }

  placeBefore(op, left, right) {
    let i = left === null ? 0 : this.indexOf(left) + 1;
    let o = i < this.runs.length ? this.runs[i] : null;
    if (o === right) return o;
    const total = this.totalLength();
    const leftPos = left === null ? -1 : this.position(left) + left.len - 1;
    const rightPos = right === null ? total : this.position(right);
    if (leftPos >= rightPos) {
      // Every replica orders existing characters alike, so all of them reject this op.
      throw new MalformedUpdateError(`run ${op.replica}:${op.counter} has its left origin after its right origin`, -1);
    }
    let dest = o;
    let scanning = false;
    for (;;) {
      if (!scanning) dest = o;
      if (o === null || o === right) return dest;
      const oLeft = sameId(o.leftRep, o.leftCtr, op.leftRep, op.leftCtr)
        ? leftPos : this.idPosition(o.leftRep, o.leftCtr, -1);
      if (oLeft < leftPos) return dest;
      if (oLeft === leftPos) {
        const oRight = sameId(o.rightRep, o.rightCtr, op.rightRep, op.rightCtr)
          ? rightPos : this.idPosition(o.rightRep, o.rightCtr, total);
        if (oRight < rightPos) {
          scanning = true;
        } else if (oRight === rightPos) {
          if (op.replica < o.replica) return dest;
          scanning = false;
        } else {
          scanning = false;
        }
      }
      i++;
      o = i < this.runs.length ? this.runs[i] : null;
    }
  }

  idPosition(rep, ctr, ifNone) {
    if (rep === NONE) return ifNone;
    const r = this.findRun(rep, ctr);
    return this.position(r) + (ctr - r.counter);
  }

  applyDelete(range) {
    const end = range.start + range.length;
    const known = Math.min(this.next(range.replica), end);
    const st = this.states.get(range.replica);
    let c = range.start;
    while (c < known) {
      let r = st.run(c);
      if (r === null) {
        c++;
        continue;
      }
      if (r.counter < c) r = this.split(r, c - r.counter);
      if (r.end > known) this.split(r, known - r.counter);
      if (!r.deleted) {
        const at = this.listeners.length ? this.visiblePosition(r) : 0;
        this.markDeleted(r);
        if (this.listeners.length) this.emit({ type: 'delete', index: at, length: r.len, local: false });
      }
      c = r.end;
      this.coalesce(r);
    }
    const from = Math.max(range.start, known);
    return from >= end ? null : { replica: range.replica, start: from, length: end - from };
  }
}

function sameId(repA, ctrA, repB, ctrB) {
  return repA === repB && (repA === NONE || ctrA === ctrB);
}

/** Operations waiting for causal dependencies, per replica in counter order; see CausalBuffer.java. */
class CausalBuffer {
  constructor(limit) {
    this.limit = limit;
    this.waiting = new Map(); // replica -> array of ops sorted by counter
    // Keyed by range: every update carries the sender's whole delete set, so the same
    // waiting range arrives again and again.
    this.pendingDeletes = new Map();
    this.waitingOps = 0;
    this.failing = null; // the queued operation being judged when a drain fails
  }

  size() {
    return this.waitingOps + this.pendingDeletes.size;
  }

  enqueue(op) {
    let q = this.waiting.get(op.replica);
    if (!q) {
      q = [];
      this.waiting.set(op.replica, q);
    }
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (q[mid].counter < op.counter) lo = mid + 1; else hi = mid;
    }
    if (lo < q.length && q[lo].counter === op.counter) return false;
    q.splice(lo, 0, op);
    this.waitingOps++;
    return true;
  }

  // All-or-nothing, as CausalBuffer.java: checked first, integrated inside a transaction
  // that is rolled back (buffer included) if an operation is rejected or the buffer would
  // overflow; deletions last, once nothing can fail.
  apply(seq, update) {
    validateUpdate(seq, update);
    const added = [];
    for (const op of update.ops) {
      if (op.counter + opLength(op) > seq.next(op.replica) && this.enqueue(op)) added.push(op);
    }
    const taken = [];
    this.failing = null;
    seq.begin();
    try {
      this.drain(seq, taken);
      this.failing = null;
      this.checkCapacity(seq, update);
    } catch (e) {
      seq.rollback();
      for (const op of taken) this.enqueue(op);
      this.discard(added);
      const culprit = this.failing;
      this.failing = null;
      if (e instanceof MalformedUpdateError && culprit !== null && !added.includes(culprit)) {
        // Buffered by an earlier update and invalid now that its dependencies are here.
        this.discard([culprit]);
        this.apply(seq, update);
        return;
      }
      if (e instanceof CrdtError) throw e;
      throw new MalformedUpdateError(`rejected update: ${e}`, -1);
    }
    seq.commit();
    this.retryDeletes(seq);
    for (const d of update.deletes) {
      const rest = seq.applyDelete(d);
      if (rest) this.pendingDeletes.set(rangeKey(rest), rest);
    }
  }

  checkCapacity(seq, update) {
    const pending = new Set();
    const addRest = (d) => {
      const end = d.start + d.length;
      const from = Math.max(d.start, seq.next(d.replica));
      if (from < end) pending.add(`${d.replica}:${from}:${end - from}`);
    };
    for (const d of this.pendingDeletes.values()) addRest(d);
    for (const d of update.deletes) addRest(d);
    const total = this.waitingOps + pending.size;
    if (total > this.limit) throw new CausalBufferOverflowError(total, this.limit);
  }

  drain(seq, taken) {
    let progress = true;
    while (progress && this.waitingOps > 0) {
      progress = false;
      for (const [rep, q] of [...this.waiting]) {
        if (this.drainQueue(seq, q, taken)) progress = true;
        if (q.length === 0) this.waiting.delete(rep);
      }
    }
  }

  drainQueue(seq, q, taken) {
    let progress = false;
    while (q.length) {
      const op = q[0];
      const next = seq.next(op.replica);
      if (op.counter + opLength(op) <= next) {
        taken.push(q.shift());
        this.waitingOps--;
        continue;
      }
      if (op.counter > next) return progress;
      this.failing = op;
      const ready = op.counter < next ? dropFirst(op, next - op.counter) : op;
      if (!seq.ready(ready)) return progress;
      taken.push(q.shift());
      this.waitingOps--;
      seq.integrate(ready);
      progress = true;
    }
    return progress;
  }

  retryDeletes(seq) {
    const retry = [...this.pendingDeletes].filter(([, d]) => seq.next(d.replica) > d.start);
    for (const [k, d] of retry) {
      this.pendingDeletes.delete(k);
      const rest = seq.applyDelete(d);
      if (rest) this.pendingDeletes.set(rangeKey(rest), rest);
    }
  }

  discard(added) {
    for (const op of added) {
      const q = this.waiting.get(op.replica);
      const i = q ? q.indexOf(op) : -1;
      if (i >= 0) {
        q.splice(i, 1);
        this.waitingOps--;
        if (q.length === 0) this.waiting.delete(op.replica);
      }
    }
  }
}

// Checks before anything is applied, as UpdateValidator.java: no reference to an id its
// author had not made yet, to a mark or register as a character, or one character as both origins.
function validateUpdate(seq, update) {
  const others = new Set();
  for (const op of update.ops) if (op.kind !== 'run') others.add(`${op.replica}:${op.counter}`);
  const reject = (op, why) => new MalformedUpdateError(`operation ${op.replica}:${op.counter} ${why}`, -1);
  const character = (op, rep, ctr) => {
    if (rep === NONE) return;
    if (rep === op.replica && ctr >= op.counter) {
      throw reject(op, `references ${rep}:${ctr}, an id its author had not made yet`);
    }
    let notCharacter = others.has(`${rep}:${ctr}`);
    if (!notCharacter && ctr < seq.next(rep)) notCharacter = !(seq.states.get(rep).block(ctr) instanceof Run);
    if (notCharacter) throw reject(op, `references ${rep}:${ctr} as a character but it is not one`);
  };
  for (const op of update.ops) {
    if (op.counter + opLength(op) <= seq.next(op.replica)) continue;
    if (op.kind === 'run') {
      character(op, op.leftRep, op.leftCtr);
      character(op, op.rightRep, op.rightCtr);
      if (op.rightRep !== NONE && op.rightRep === op.leftRep && op.rightCtr === op.leftCtr) {
        throw reject(op, 'has one character as both origins');
      }
    } else if (op.kind === 'mark') {
      character(op, op.startRep, op.startCtr);
      character(op, op.endRep, op.endCtr);
    } else {
      character(op, op.posRep, op.posCtr);
    }
  }
}

const rangeKey = (d) => `${d.replica}:${d.start}:${d.length}`;

export function dropFirst(op, n) {
  return {
    ...op,
    counter: op.counter + n,
    length: op.length - n,
    leftRep: op.replica,
    leftCtr: op.counter + n - 1,
    content: op.content === null ? null : op.content.slice(n),
  };
}
