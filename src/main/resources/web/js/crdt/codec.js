// Binary updates, snapshots and version vectors, byte-compatible with the Java engine
// (Wire.java, UpdateCodec.java, SnapshotCodec.java, VersionVector.java; the layout is
// described in io/juntos/crdt/package-info.java).
import { ByteWriter, ByteReader, MAX_INT, crc32c } from './bytes.js';
import { MalformedUpdateError, UnsupportedFormatError } from './errors.js';
import { NONE, Run } from './sequence.js';

// Format 2 added the integrity check (Wire.java); version vectors keep their format 1.
export const FORMAT = 2;
const VV_FORMAT = 1;
const HEADER_SIZE = 6;
const KIND_UPDATE = 0;
const KIND_SNAPSHOT = 1;
const STRUCT_RUN = 0;
const STRUCT_MARK = 1;
const STRUCT_REGISTER = 2;
export const MARK_TYPES = ['bold', 'italic', 'strikethrough', 'code', 'link'];

/** Immutable replica -> next counter map. */
export class VersionVector {
  constructor(entries = new Map()) {
    this.entries = new Map([...entries].filter(([, v]) => v > 0).sort((a, b) => a[0] - b[0]));
  }

  static empty() {
    return new VersionVector();
  }

  get(replica) {
    return this.entries.get(replica) || 0;
  }

  encode() {
    const out = new ByteWriter();
    out.writeByte(VV_FORMAT);
    out.writeVarUint(this.entries.size);
    for (const [rep, ctr] of this.entries) {
      out.writeVarUint(rep);
      out.writeVarUint(ctr);
    }
    return out.toBytes();
  }

  static decode(bytes) {
    const in_ = new ByteReader(bytes);
    const format = in_.readByte();
    if (format !== VV_FORMAT) throw new UnsupportedFormatError(format);
    const n = in_.readCount('version vector size');
    const m = new Map();
    for (let i = 0; i < n; i++) {
      const rep = in_.readInt31('replica id');
      const ctr = in_.readInt31('counter');
      if (m.has(rep)) throw in_.fail(`replica ${rep} listed twice`);
      m.set(rep, ctr);
    }
    if (!in_.atEnd()) throw in_.fail('trailing bytes after version vector');
    return new VersionVector(m);
  }

  toJSON() {
    return Object.fromEntries(this.entries);
  }
}

class ReplicaTable {
  constructor() {
    this.index = new Map();
    this.ids = [];
  }

  indexOf(replica) {
    let i = this.index.get(replica);
    if (i === undefined) {
      i = this.ids.length;
      this.index.set(replica, i);
      this.ids.push(replica);
    }
    return i;
  }

  write(out) {
    out.writeVarUint(this.ids.length);
    for (const id of this.ids) out.writeVarUint(id);
  }

  static read(in_) {
    const n = in_.readCount('replica table size');
    const ids = [];
    for (let i = 0; i < n; i++) ids.push(in_.readInt31('replica id'));
    return ids;
  }
}

function readReplica(in_, table) {
  return table[in_.readInt(table.length - 1, 'replica index')];
}

function writeHeader(out, kind) {
  out.writeByte(FORMAT);
  out.writeByte(kind);
  for (let i = 0; i < 4; i++) out.writeByte(0); // the checksum, filled in by seal()
}

// CRC-32C of the kind byte and everything after the header, big-endian in bytes 2..5.
function checksum(bytes) {
  return crc32c(bytes, HEADER_SIZE, bytes.length, crc32c(bytes, 1, 2));
}

function seal(bytes) {
  const crc = checksum(bytes);
  bytes[2] = crc >>> 24;
  bytes[3] = (crc >>> 16) & 0xff;
  bytes[4] = (crc >>> 8) & 0xff;
  bytes[5] = crc & 0xff;
  return bytes;
}

// Verifies the checksum before anything else is decoded: corrupted bytes are refused,
// never merged as some other valid-looking update.
function readKind(in_) {
  const format = in_.readByte();
  if (format !== FORMAT) throw new UnsupportedFormatError(format);
  const kind = in_.readByte();
  const stored = ((in_.readByte() << 24) | (in_.readByte() << 16) | (in_.readByte() << 8) | in_.readByte()) >>> 0;
  if (stored !== checksum(in_.buf)) throw new MalformedUpdateError('checksum mismatch: the message is corrupted', 2);
  if (kind !== KIND_UPDATE && kind !== KIND_SNAPSHOT) throw in_.fail(`unknown message kind ${kind}`);
  return kind;
}

function writeMark(out, table, m) {
  out.writeByte(STRUCT_MARK | (m.value !== null ? 4 : 0) | (m.startAfter ? 8 : 0) | (m.endAfter ? 16 : 0)
    | (m.startRep !== NONE ? 32 : 0) | (m.endRep !== NONE ? 64 : 0));
  out.writeVarUint(m.lamport);
  out.writeVarUint(m.type);
  if (m.value !== null) out.writeString(m.value);
  if (m.startRep !== NONE) {
    out.writeVarUint(table.indexOf(m.startRep));
    out.writeVarUint(m.startCtr);
  }
  if (m.endRep !== NONE) {
    out.writeVarUint(table.indexOf(m.endRep));
    out.writeVarUint(m.endCtr);
  }
}

function readMark(in_, header, table, replica, counter) {
  const lamport = in_.readInt31('lamport');
  const type = in_.readInt(255, 'mark type');
  if (type >= MARK_TYPES.length) throw in_.fail(`unknown mark type ${type}`);
  const value = header & 4 ? in_.readString() : null;
  let startRep = NONE;
  let startCtr = 0;
  if (header & 32) {
    startRep = readReplica(in_, table);
    startCtr = in_.readInt31('counter');
  }
  let endRep = NONE;
  let endCtr = 0;
  if (header & 64) {
    endRep = readReplica(in_, table);
    endCtr = in_.readInt31('counter');
  }
  return {
    kind: 'mark', replica, counter, lamport, type, value,
    startRep, startCtr, startAfter: (header & 8) !== 0, endRep, endCtr, endAfter: (header & 16) !== 0,
  };
}

function writeRegister(out, table, g) {
  out.writeByte(STRUCT_REGISTER | (g.posRep !== NONE ? 4 : 0));
  out.writeVarUint(g.lamport);
  out.writeString(g.element);
  if (g.posRep !== NONE) {
    out.writeVarUint(table.indexOf(g.posRep));
    out.writeVarUint(g.posCtr);
  }
}

function readRegister(in_, header, table, replica, counter) {
  const lamport = in_.readInt31('lamport');
  const element = in_.readString();
  let posRep = NONE;
  let posCtr = 0;
  if (header & 4) {
    posRep = readReplica(in_, table);
    posCtr = in_.readInt31('counter');
  }
  return { kind: 'register', replica, counter, lamport, element, posRep, posCtr };
}

function writeOther(out, table, op) {
  if (op.kind === 'mark') writeMark(out, table, op); else writeRegister(out, table, op);
}

function readOther(in_, header, table, replica, counter) {
  switch (header & 3) {
    case STRUCT_MARK: return readMark(in_, header, table, replica, counter);
    case STRUCT_REGISTER: return readRegister(in_, header, table, replica, counter);
    default: throw in_.fail(`unknown struct kind ${header & 3}`);
  }
}

/** Deleted ranges per replica, sorted and merged: Map replica -> [[start, len]]. */
export function deleteSet(seq) {
  const by = new Map();
  for (const r of seq.runs) {
    if (r.deleted) {
      if (!by.has(r.replica)) by.set(r.replica, []);
      by.get(r.replica).push([r.counter, r.len]);
    }
  }
  for (const ranges of by.values()) {
    ranges.sort((a, b) => a[0] - b[0]);
    let w = 0;
    for (const range of ranges) {
      if (w > 0 && ranges[w - 1][0] + ranges[w - 1][1] === range[0]) ranges[w - 1][1] += range[1];
      else ranges[w++] = range;
    }
    ranges.length = w;
  }
  return by;
}

function writeDeletes(out, table, deletes) {
  const reps = [...deletes.keys()].sort((a, b) => a - b);
  out.writeVarUint(reps.length);
  for (const rep of reps) {
    const ranges = deletes.get(rep);
    out.writeVarUint(table.indexOf(rep));
    out.writeVarUint(ranges.length);
    let prevEnd = 0;
    for (const [start, len] of ranges) {
      out.writeVarUint(start - prevEnd);
      out.writeVarUint(len);
      prevEnd = start + len;
    }
  }
}

function readDeletes(in_, table) {
  const groups = in_.readCount('delete groups');
  const out = [];
  for (let g = 0; g < groups; g++) {
    const replica = readReplica(in_, table);
    const n = in_.readCount('delete ranges');
    let prevEnd = 0;
    for (let i = 0; i < n; i++) {
      const start = prevEnd + in_.readInt31('delete offset');
      const length = in_.readInt31('delete length');
      if (length === 0 || start + length > MAX_INT) throw in_.fail('invalid delete range');
      out.push({ replica, start, length });
      prevEnd = start + length;
    }
  }
  return out;
}

// ---- updates ----

const RUN_HAS_LEFT = 4;
const RUN_LEFT_IS_PREV = 8;
const RUN_HAS_RIGHT = 16;
const RUN_DELETED = 32;

export function encodeUpdate(seq, sinceOf, deletes) {
  const table = new ReplicaTable();
  const groupBytes = new ByteWriter(256);
  const texts = [];
  const states = [...seq.states.values()].sort((a, b) => a.replica - b.replica);
  let groups = 0;
  for (const st of states) {
    const from = sinceOf(st.replica);
    if (st.next > from) {
      groups++;
      writeGroup(groupBytes, table, st, from, texts);
    }
  }
  const body = new ByteWriter(256);
  body.writeVarUint(groups);
  body.writeBytes(groupBytes);
  const textBytes = new ByteWriter();
  textBytes.writeWtf8(texts.join(''));
  body.writeVarUint(textBytes.size);
  body.writeBytes(textBytes);
  writeDeletes(body, table, deletes);
  const out = new ByteWriter(body.size + 16);
  writeHeader(out, KIND_UPDATE);
  table.write(out);
  out.writeBytes(body);
  return seal(out.toBytes());
}

function writeGroup(out, table, st, from, texts) {
  const structs = new ByteWriter(64);
  let count = 0;
  for (let b = st.blockIndex(from); b < st.blocks.length; b++) {
    const block = st.blocks[b];
    if (block instanceof Run) {
      count += writeRunPieces(structs, table, st, block, from, texts);
    } else {
      writeOther(structs, table, block);
      count++;
    }
  }
  out.writeVarUint(table.indexOf(st.replica));
  out.writeVarUint(from);
  out.writeVarUint(count);
  out.writeBytes(structs);
}

function writeRunPieces(out, table, st, head, from, texts) {
  let count = 0;
  let piece = head;
  while (piece !== null && piece.end <= from) piece = piece.idNext;
  while (piece !== null) {
    const start = Math.max(from, piece.counter);
    const deleted = piece.deleted;
    let last = piece;
    let text = deleted ? null : piece.text.slice(start - piece.counter);
    while (last.idNext !== null && last.idNext.deleted === deleted) {
      last = last.idNext;
      if (!deleted) text += last.text;
    }
    const len = last.end - start;
    const leftRep = start === piece.counter ? piece.leftRep : st.replica;
    const leftCtr = start === piece.counter ? piece.leftCtr : start - 1;
    writeRun(out, table, st.replica, start, len, leftRep, leftCtr, piece.rightRep, piece.rightCtr, deleted);
    if (!deleted) texts.push(text);
    count++;
    piece = last.idNext;
  }
  return count;
}

function writeRun(out, table, replica, counter, len, leftRep, leftCtr, rightRep, rightCtr, deleted) {
  const leftIsPrev = leftRep === replica && leftCtr === counter - 1;
  out.writeByte(STRUCT_RUN | (leftRep !== NONE ? RUN_HAS_LEFT : 0) | (leftIsPrev ? RUN_LEFT_IS_PREV : 0)
    | (rightRep !== NONE ? RUN_HAS_RIGHT : 0) | (deleted ? RUN_DELETED : 0));
  out.writeVarUint(len);
  if (leftRep !== NONE && !leftIsPrev) {
    out.writeVarUint(table.indexOf(leftRep));
    out.writeVarUint(leftCtr);
  }
  if (rightRep !== NONE) {
    out.writeVarUint(table.indexOf(rightRep));
    out.writeVarUint(rightCtr);
  }
}

function decodeUpdate(in_) {
  const table = ReplicaTable.read(in_);
  const groups = in_.readCount('struct groups');
  const ops = [];
  const visible = [];
  for (let g = 0; g < groups; g++) {
    const replica = readReplica(in_, table);
    let counter = in_.readInt31('counter');
    const n = in_.readCount('struct count');
    for (let i = 0; i < n; i++) {
      const header = in_.readByte();
      let op;
      if ((header & 3) === STRUCT_RUN) {
        op = readRun(in_, header, table, replica, counter);
        if (op.content !== null) visible.push(op);
      } else {
        op = readOther(in_, header, table, replica, counter);
      }
      counter += op.kind === 'run' ? op.length : 1;
      if (counter > MAX_INT) throw in_.fail('counter overflow');
      ops.push(op);
    }
  }
  fillText(in_, visible);
  const deletes = readDeletes(in_, table);
  if (!in_.atEnd()) throw in_.fail('trailing bytes after update');
  return { ops, deletes };
}

function readRun(in_, header, table, replica, counter) {
  if (header >> 6) throw in_.fail('unknown run flags');
  const length = in_.readInt31('run length');
  if (length === 0) throw in_.fail('empty run');
  let leftRep = NONE;
  let leftCtr = 0;
  if (header & RUN_HAS_LEFT) {
    if (header & RUN_LEFT_IS_PREV) {
      if (counter === 0) throw in_.fail('run at counter 0 cannot follow its predecessor');
      leftRep = replica;
      leftCtr = counter - 1;
    } else {
      leftRep = readReplica(in_, table);
      leftCtr = in_.readInt31('counter');
    }
  }
  let rightRep = NONE;
  let rightCtr = 0;
  if (header & RUN_HAS_RIGHT) {
    rightRep = readReplica(in_, table);
    rightCtr = in_.readInt31('counter');
  }
  return {
    kind: 'run', replica, counter, length, leftRep, leftCtr, rightRep, rightCtr,
    content: header & RUN_DELETED ? null : '',
  };
}

function fillText(in_, visible) {
  const byteLen = in_.readCount('text length');
  const text = in_.readWtf8(in_.pos + byteLen);
  let expected = 0;
  for (const r of visible) expected += r.length;
  if (expected !== text.length) {
    throw in_.fail(`text block holds ${text.length} characters, runs need ${expected}`);
  }
  let at = 0;
  for (const r of visible) {
    r.content = text.slice(at, at + r.length);
    at += r.length;
  }
}

// ---- snapshots ----

const S_DELETED = 1;
const LEFT_PREV = 1 << 1;
const LEFT_EXPLICIT = 2 << 1;
const LEFT_PREV_COUNTER = 3 << 1;
const LEFT_MASK = 3 << 1;
const RIGHT_NEXT = 1 << 3;
const RIGHT_EXPLICIT = 2 << 3;
const RIGHT_AS_PREV = 3 << 3;
const RIGHT_MASK = 3 << 3;
const SAME_REPLICA = 1 << 5;
const LENGTH_ONE = 1 << 6;
const RIGHT_RECENT = 1 << 7;
const RECENT_SIZE = 8;

/** Move-to-front list of recent explicit right origins; see SnapshotCodec.RecentIds. */
class RecentIds {
  constructor() {
    this.reps = [];
    this.ctrs = [];
  }

  indexOf(rep, ctr) {
    for (let i = 0; i < this.reps.length; i++) if (this.reps[i] === rep && this.ctrs[i] === ctr) return i;
    return -1;
  }

  use(rep, ctr, index) {
    if (index >= 0) {
      this.reps.splice(index, 1);
      this.ctrs.splice(index, 1);
    } else if (this.reps.length === RECENT_SIZE) {
      this.reps.pop();
      this.ctrs.pop();
    }
    this.reps.unshift(rep);
    this.ctrs.unshift(ctr);
  }
}

export function encodeSnapshot(seq) {
  const table = new ReplicaTable();
  const body = new ByteWriter(1024);
  const runs = seq.runs;
  const texts = [];
  body.writeVarUint(runs.length);
  const lastEnd = new Map();
  let prevRep = NONE;
  const recent = new RecentIds();
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    const prev = i > 0 ? runs[i - 1] : null;
    const next = i + 1 < runs.length ? runs[i + 1] : null;
    writeSnapshotRun(body, table, r, prev, next, prevRep, lastEnd.get(r.replica) || 0, recent);
    lastEnd.set(r.replica, r.end);
    prevRep = r.replica;
    if (!r.deleted) texts.push(r.text);
  }
  const textBytes = new ByteWriter();
  textBytes.writeWtf8(texts.join(''));
  body.writeVarUint(textBytes.size);
  body.writeBytes(textBytes);
  const others = [];
  for (const st of seq.states.values()) for (const b of st.blocks) if (!(b instanceof Run)) others.push(b);
  others.sort((a, b) => a.replica - b.replica || a.counter - b.counter);
  body.writeVarUint(others.length);
  for (const op of others) {
    body.writeVarUint(table.indexOf(op.replica));
    body.writeVarUint(op.counter);
    writeOther(body, table, op);
  }
  const states = [...seq.states.values()].filter((st) => st.next > 0).sort((a, b) => a.replica - b.replica);
  for (const st of states) table.indexOf(st.replica);
  const out = new ByteWriter(body.size + 16);
  writeHeader(out, KIND_SNAPSHOT);
  table.write(out);
  out.writeVarUint(states.length);
  for (const st of states) {
    out.writeVarUint(table.indexOf(st.replica));
    out.writeVarUint(st.next);
  }
  out.writeBytes(body);
  return seal(out.toBytes());
}

function writeSnapshotRun(out, table, r, prev, next, prevRep, lastEnd, recent) {
  let header = r.deleted ? S_DELETED : 0;
  if (r.leftRep !== NONE) {
    if (prev !== null && prev.replica === r.leftRep && prev.end - 1 === r.leftCtr) header |= LEFT_PREV;
    else if (r.leftRep === r.replica && r.leftCtr === r.counter - 1) header |= LEFT_PREV_COUNTER;
    else header |= LEFT_EXPLICIT;
  }
  if (r.rightRep !== NONE) {
    if (next !== null && next.startsWith(r.rightRep, r.rightCtr)) header |= RIGHT_NEXT;
    else if (prev !== null && prev.rightRep === r.rightRep && prev.rightCtr === r.rightCtr) header |= RIGHT_AS_PREV;
    else header |= RIGHT_EXPLICIT;
  }
  let recentIndex = -1;
  if ((header & RIGHT_MASK) === RIGHT_EXPLICIT) {
    recentIndex = recent.indexOf(r.rightRep, r.rightCtr);
    if (recentIndex >= 0) header |= RIGHT_RECENT;
    recent.use(r.rightRep, r.rightCtr, recentIndex);
  }
  const sameRep = r.replica === prevRep;
  if (sameRep) header |= SAME_REPLICA;
  if (r.len === 1) header |= LENGTH_ONE;
  out.writeByte(header);
  if (!sameRep) out.writeVarUint(table.indexOf(r.replica));
  const leftKind = header & LEFT_MASK;
  if (leftKind === LEFT_EXPLICIT) {
    out.writeVarUint(table.indexOf(r.leftRep));
    out.writeVarInt(r.leftCtr - lastEnd);
  }
  const afterLeft = leftKind === LEFT_PREV || leftKind === LEFT_EXPLICIT;
  out.writeVarInt(r.counter - (afterLeft ? r.leftCtr + 1 : lastEnd));
  if (r.len !== 1) out.writeVarUint(r.len);
  if (recentIndex >= 0) {
    out.writeByte(recentIndex);
  } else if ((header & RIGHT_MASK) === RIGHT_EXPLICIT) {
    out.writeVarUint(table.indexOf(r.rightRep));
    out.writeVarInt(r.rightCtr - r.counter);
  }
}

function relative(in_, base) {
  const c = base + in_.readVarInt();
  if (c < 0 || c > MAX_INT) throw in_.fail('origin counter out of range');
  return c;
}

function decodeSnapshot(in_) {
  const table = ReplicaTable.read(in_);
  const vn = in_.readCount('version size');
  const version = new Map();
  for (let i = 0; i < vn; i++) {
    const rep = readReplica(in_, table);
    version.set(rep, in_.readInt31('counter'));
  }
  const n = in_.readCount('run count');
  const runs = [];
  const visible = [];
  const lastEnd = new Map();
  let prevRep = NONE;
  let pendingRightNext = -1;
  const recent = new RecentIds();
  for (let i = 0; i < n; i++) {
    const header = in_.readByte();
    if ((header & RIGHT_RECENT) && (header & RIGHT_MASK) !== RIGHT_EXPLICIT) throw in_.fail('unknown run flags');
    const rep = header & SAME_REPLICA ? prevRep : readReplica(in_, table);
    if (rep === NONE) throw in_.fail('first run cannot repeat a replica');
    const base = lastEnd.get(rep) || 0;
    let leftRep = NONE;
    let leftCtr = 0;
    const leftKind = header & LEFT_MASK;
    if (leftKind === LEFT_PREV) {
      if (i === 0) throw in_.fail('first run cannot follow a previous run');
      const prev = runs[i - 1];
      leftRep = prev.replica;
      leftCtr = prev.counter + prev.length - 1;
    } else if (leftKind === LEFT_EXPLICIT) {
      leftRep = readReplica(in_, table);
      leftCtr = relative(in_, base);
    }
    const afterLeft = leftKind === LEFT_PREV || leftKind === LEFT_EXPLICIT;
    const counter = (afterLeft ? leftCtr + 1 : base) + in_.readVarInt();
    const length = header & LENGTH_ONE ? 1 : in_.readInt31('run length');
    if (counter < 0 || length === 0 || counter + length > MAX_INT) throw in_.fail('invalid run id range');
    if (leftKind === LEFT_PREV_COUNTER) {
      if (counter === 0) throw in_.fail('run at counter 0 cannot follow its predecessor');
      leftRep = rep;
      leftCtr = counter - 1;
    }
    const patch = pendingRightNext;
    pendingRightNext = -1;
    let rightRep = NONE;
    let rightCtr = 0;
    switch (header & RIGHT_MASK) {
      case RIGHT_EXPLICIT: {
        let idx = -1;
        if (header & RIGHT_RECENT) {
          idx = in_.readInt(RECENT_SIZE - 1, 'recent right origin');
          if (idx >= recent.reps.length) throw in_.fail(`recent right origin ${idx} not seen yet`);
          rightRep = recent.reps[idx];
          rightCtr = recent.ctrs[idx];
        } else {
          rightRep = readReplica(in_, table);
          rightCtr = relative(in_, counter);
        }
        recent.use(rightRep, rightCtr, idx);
        break;
      }
      case RIGHT_NEXT:
        pendingRightNext = i;
        break;
      case RIGHT_AS_PREV: {
        if (i === 0) throw in_.fail('first run cannot share a previous right origin');
        const prev = runs[i - 1];
        if (prev.rightRep === NONE) throw in_.fail('previous run has no right origin to share');
        rightRep = prev.rightRep;
        rightCtr = prev.rightCtr;
        break;
      }
      default:
    }
    // Patched only now, so a run cannot share a right origin that is itself.
    if (patch >= 0) {
      runs[patch].rightRep = rep;
      runs[patch].rightCtr = counter;
    }
    const run = {
      kind: 'run', replica: rep, counter, length, leftRep, leftCtr, rightRep, rightCtr,
      content: header & S_DELETED ? null : '',
    };
    if (run.content !== null) visible.push(run);
    runs.push(run);
    lastEnd.set(rep, counter + length);
    prevRep = rep;
  }
  if (pendingRightNext >= 0) throw in_.fail('last run cannot point to a next run');
  fillText(in_, visible);
  const count = in_.readCount('other op count');
  const others = [];
  for (let i = 0; i < count; i++) {
    const rep = readReplica(in_, table);
    const counter = in_.readInt(MAX_INT - 1, 'counter');
    const header = in_.readByte();
    others.push(readOther(in_, header, table, rep, counter));
  }
  if (!in_.atEnd()) throw in_.fail('trailing bytes after snapshot');
  return { runs, others, version };
}

/** A snapshot as an ordinary update, for a replica that already has content. */
export function snapshotAsUpdate(snap) {
  const ops = [...snap.runs, ...snap.others].sort((a, b) => a.replica - b.replica || a.counter - b.counter);
  const deletes = snap.runs.filter((r) => r.content === null)
    .map((r) => ({ replica: r.replica, start: r.counter, length: r.length }));
  return { ops, deletes };
}

/** Decodes an update or snapshot: {kind: 'update', update} or {kind: 'snapshot', snapshot}. */
export function decodeMessage(bytes) {
  const in_ = new ByteReader(bytes);
  try {
    if (readKind(in_) === KIND_SNAPSHOT) return { kind: 'snapshot', snapshot: decodeSnapshot(in_) };
    return { kind: 'update', update: decodeUpdate(in_) };
  } catch (e) {
    if (e instanceof MalformedUpdateError) throw e;
    throw new MalformedUpdateError(`undecodable update: ${e}`, in_.pos);
  }
}
