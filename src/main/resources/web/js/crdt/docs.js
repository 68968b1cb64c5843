// TextDoc and ListDoc: the public API of the JavaScript twin, mirroring
// io.juntos.crdt.TextDoc / ListDoc. Indexes count UTF-16 code units, as in Java.
import { CrdtError } from './errors.js';
import { NONE, Sequence } from './sequence.js';
import {
  VersionVector, encodeUpdate, encodeSnapshot, decodeMessage, snapshotAsUpdate, deleteSet, MARK_TYPES,
} from './codec.js';
import { loadSnapshot } from './loader.js';

export const DEFAULT_MAX_BUFFERED_OPS = 10000;
const EXPANDS_AT_END = new Set(['bold', 'italic', 'strikethrough', 'code']);

function checkRange(index, length, size) {
  if (!Number.isInteger(index) || !Number.isInteger(length) || index < 0 || length < 0 || index + length > size) {
    throw new RangeError(`range [${index}, ${index + length}) outside [0, ${size}]`);
  }
}

function wins(a, b) {
  return !b || a.lamport > b.lamport || (a.lamport === b.lamport && a.replica > b.replica);
}

class CrdtDoc {
  constructor(replicaId, { maxBufferedOps = DEFAULT_MAX_BUFFERED_OPS } = {}) {
    this.seq = new Sequence(replicaId, maxBufferedOps, (op, local) => this.onOp(op, local));
    this.updateListeners = [];
  }

  get replicaId() {
    return this.seq.localReplica;
  }

  version() {
    const m = new Map();
    for (const [rep, st] of this.seq.states) m.set(rep, st.next);
    return new VersionVector(m);
  }

  get bufferedOps() {
    return this.seq.buffer.size();
  }

  encodeSnapshot() {
    return encodeSnapshot(this.seq);
  }

  encodeUpdateSince(theirs) {
    return encodeUpdate(this.seq, (rep) => theirs.get(rep), deleteSet(this.seq));
  }

  encodeStateAsUpdate() {
    return this.encodeUpdateSince(VersionVector.empty());
  }

  applyUpdate(bytes) {
    const msg = decodeMessage(bytes);
    if (msg.kind === 'snapshot') {
      if (this.seq.isPristine()) {
        loadSnapshot(this.seq, msg.snapshot);
        for (const op of msg.snapshot.others) this.onOp(op, false);
        this.afterSnapshotLoad();
      } else {
        this.seq.apply(snapshotAsUpdate(msg.snapshot));
      }
    } else {
      this.seq.apply(msg.update);
    }
  }

  /** Calls listener(event) for every change; returns an unsubscribe function. */
  observe(listener) {
    this.seq.listeners.push(listener);
    return () => {
      this.seq.listeners = this.seq.listeners.filter((l) => l !== listener);
    };
  }

  /** Calls listener(bytes) with the update of every local edit; returns an unsubscribe function. */
  observeUpdates(listener) {
    this.updateListeners.push(listener);
    return () => {
      this.updateListeners = this.updateListeners.filter((l) => l !== listener);
    };
  }

  local(edit) {
    const seq = this.seq;
    seq.beginLocal();
    edit();
    if (this.updateListeners.length) {
      const deletes = new Map();
      for (const d of seq.localDeletes) {
        if (!deletes.has(d.replica)) deletes.set(d.replica, []);
        deletes.get(d.replica).push([d.start, d.length]);
      }
      for (const l of deletes.values()) l.sort((a, b) => a[0] - b[0]);
      const from = seq.localStart;
      const update = encodeUpdate(seq, (rep) => (rep === seq.localReplica ? from : Infinity), deletes);
      for (const l of [...this.updateListeners]) l(update);
    }
  }
}

/** Collaborative text with Peritext-style marks ('bold', 'italic', 'strikethrough', 'code', 'link'). */
export class TextDoc extends CrdtDoc {
  constructor(replicaId, options) {
    super(replicaId, options);
    this.marks = [];
  }

  static fromSnapshot(replicaId, bytes) {
    const doc = new TextDoc(replicaId);
    doc.applyUpdate(bytes);
    return doc;
  }

  get length() {
    return this.seq.visibleLength;
  }

  text() {
    return this.seq.text();
  }

  insert(index, text) {
    checkRange(index, 0, this.length);
    if (text.length) this.local(() => this.seq.localInsert(index, text));
  }

  delete(index, length) {
    checkRange(index, length, this.length);
    if (length > 0) this.local(() => this.seq.localDelete(index, length));
  }

  /** value: null removes the mark; true (or any value) sets bold etc.; a URL string for 'link'. */
  format(index, length, type, value) {
    checkRange(index, length, this.length);
    const code = MARK_TYPES.indexOf(type);
    if (code < 0) throw new CrdtError(`unknown mark type ${type}`);
    if (length > 0) this.local(() => this.addMark(index, length, type, code, value));
  }

  addMark(index, length, type, code, value) {
    const seq = this.seq;
    const first = seq.runAtVisible(index);
    const startCtr = first.run.counter + first.offset;
    const lastF = seq.runAtVisible(index + length - 1);
    const last = lastF.run;
    const lastCtr = last.counter + lastF.offset;
    let endRep = last.replica;
    let endCtr = lastCtr;
    let endAfter = true;
    if (EXPANDS_AT_END.has(type)) {
      // Peritext §3.3: anchor before the next character so text typed at the end joins the span.
      endAfter = false;
      if (lastCtr < last.end - 1) {
        endCtr = lastCtr + 1;
      } else {
        const next = seq.nextRun(last);
        endRep = next === null ? NONE : next.replica;
        endCtr = next === null ? 0 : next.counter;
      }
    }
    let v = null;
    if (value !== null && value !== undefined && value !== false) v = type === 'link' ? String(value) : 'true';
    seq.localOp({
      kind: 'mark', replica: seq.localReplica, counter: seq.local.next, lamport: seq.lamport + 1, type: code,
      value: v, startRep: first.run.replica, startCtr, startAfter: false, endRep, endCtr, endAfter,
    });
    if (seq.listeners.length) seq.emit({ type: 'format', mark: type, value: v, local: true });
  }

  /** [{text, marks: {bold: true, link: 'https://…'}}], maximal stretches of equal formatting. */
  spans() {
    const seq = this.seq;
    const total = seq.totalLength();
    const anchor = (rep, ctr, after, ifNone) => {
      if (rep === NONE) return ifNone;
      const r = seq.findRun(rep, ctr);
      return seq.position(r) + (ctr - r.counter) + (after ? 1 : 0);
    };
    const ranges = [];
    const cutSet = new Set();
    for (const m of this.marks) {
      const from = anchor(m.startRep, m.startCtr, m.startAfter, 0);
      const to = anchor(m.endRep, m.endCtr, m.endAfter, total);
      if (from < to) {
        ranges.push({ m, from, to });
        cutSet.add(from);
        cutSet.add(to);
      }
    }
    const cuts = [...cutSet].sort((a, b) => a - b);
    const out = [];
    let text = '';
    let current = null;
    let pos = 0;
    for (const r of seq.runs) {
      let at = pos;
      const start = pos;
      pos += r.len;
      if (r.deleted) continue;
      while (at < pos) {
        const cut = cuts.find((c) => c > at);
        const segEnd = cut === undefined ? pos : Math.min(pos, cut);
        const active = activeAt(ranges, at);
        if (current !== null && !sameMarks(active, current)) {
          out.push({ text, marks: current });
          text = '';
        }
        current = active;
        text += r.text.slice(at - start, segEnd - start);
        at = segEnd;
      }
    }
    if (current !== null) out.push({ text, marks: current });
    return out;
  }

  onOp(op, local) {
    if (op.kind === 'mark') {
      this.marks.push(op);
      if (!local && this.seq.listeners.length) {
        this.seq.emit({ type: 'format', mark: MARK_TYPES[op.type], value: op.value, local: false });
      }
    }
  }

  afterSnapshotLoad() {
    if (this.length > 0 && this.seq.listeners.length) {
      this.seq.emit({ type: 'insert', index: 0, text: this.text(), local: false });
    }
  }
}

function activeAt(ranges, pos) {
  const winners = new Map();
  for (const { m, from, to } of ranges) {
    if (from <= pos && pos < to && wins(m, winners.get(m.type))) winners.set(m.type, m);
  }
  const active = {};
  for (const code of [...winners.keys()].sort((a, b) => a - b)) {
    const m = winners.get(code);
    if (m.value !== null) active[MARK_TYPES[code]] = MARK_TYPES[code] === 'link' ? m.value : true;
  }
  return active;
}

function sameMarks(a, b) {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

const POSITION = '\u2022';
const key = (rep, ctr) => `${rep}:${ctr}`;

/** Ordered list of element ids with move (LWW position register per element). */
export class ListDoc extends CrdtDoc {
  constructor(replicaId, options) {
    super(replicaId, options);
    this.registers = new Map();
    this.elementAt = new Map();
  }

  static fromSnapshot(replicaId, bytes) {
    const doc = new ListDoc(replicaId);
    doc.applyUpdate(bytes);
    return doc;
  }

  elements() {
    const out = [];
    this.forEachLive((element) => out.push(element));
    return out;
  }

  get size() {
    return this.elements().length;
  }

  contains(element) {
    return this.elements().includes(element);
  }

  insert(index, element) {
    checkRange(index, 0, this.size);
    if (this.contains(element)) throw new CrdtError(`element already in the list: ${element}`);
    this.local(() => this.placeAt(index, element));
  }

  move(from, to) {
    const els = this.elements();
    checkRange(from, 1, els.length);
    checkRange(to, 1, els.length);
    const element = els[from];
    this.local(() => {
      this.deletePosition(element);
      this.placeAt(to, element);
    });
  }

  remove(index) {
    const els = this.elements();
    checkRange(index, 1, els.length);
    const element = els[index];
    const seq = this.seq;
    this.local(() => {
      this.deletePosition(element);
      seq.localOp({
        kind: 'register', replica: seq.localReplica, counter: seq.local.next, lamport: seq.lamport + 1,
        element, posRep: NONE, posCtr: 0,
      });
      if (seq.listeners.length) seq.emit({ type: 'list', local: true });
    });
  }

  placeAt(index, element) {
    const seq = this.seq;
    let seqIndex = 0;
    if (index > 0) {
      let count = 0;
      this.forEachLive((el, at) => {
        if (count++ === index - 1) seqIndex = at + 1;
      });
    }
    const run = seq.localInsert(seqIndex, POSITION);
    seq.localOp({
      kind: 'register', replica: seq.localReplica, counter: seq.local.next, lamport: seq.lamport + 1,
      element, posRep: run.replica, posCtr: seq.local.next - 1,
    });
    if (seq.listeners.length) seq.emit({ type: 'list', local: true });
  }

  deletePosition(element) {
    const g = this.registers.get(element);
    const r = this.seq.findRun(g.posRep, g.posCtr);
    if (!r.deleted) this.seq.localDelete(this.seq.visiblePosition(r) + (g.posCtr - r.counter), 1);
  }

  forEachLive(visit) {
    let seqIndex = 0;
    for (const r of this.seq.runs) {
      if (r.deleted) continue;
      for (let k = 0; k < r.len; k++, seqIndex++) {
        const element = this.elementAt.get(key(r.replica, r.counter + k));
        if (element !== undefined) visit(element, seqIndex);
      }
    }
  }

  onOp(op, local) {
    if (op.kind !== 'register' || !wins(op, this.registers.get(op.element))) return;
    const old = this.registers.get(op.element);
    this.registers.set(op.element, op);
    if (old && old.posRep !== NONE) this.elementAt.delete(key(old.posRep, old.posCtr));
    if (op.posRep !== NONE) this.elementAt.set(key(op.posRep, op.posCtr), op.element);
    if (!local && this.seq.listeners.length) this.seq.emit({ type: 'list', local: false });
  }

  afterSnapshotLoad() {
    if (this.seq.listeners.length) this.seq.emit({ type: 'list', local: false });
  }
}
