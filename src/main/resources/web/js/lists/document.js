// The JavaScript twin of io.juntos.lists.ListDocument (docs/crdt.md "Lists", format L1): a todo
// list as one replicated document made of the engine's parts (`order`, `title:<id>`,
// `notes:<id>`) and last-writer-wins fields. Pure: no I/O; the session (sync.js) moves bytes.
import { ListDoc, TextDoc } from '../crdt/index.js';
import { ByteWriter, ByteReader, crc32c } from '../crdt/bytes.js';
import { MalformedUpdateError } from '../crdt/errors.js';

const MAGIC = 0x4c;
const FORMAT = 1;
const HEADER = 6;
const TAG_DOC = 0;
const TAG_FIELD = 1;
const ID = /^[A-Za-z0-9_-]{1,32}$/;

/** 16 random base64url characters (docs/crdt.md "Ids"). */
export function newItemId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

function wins(a, b) {
  return !b || a.lamport > b.lamport || (a.lamport === b.lamport && a.replica > b.replica);
}

/** Encodes parts ({doc: key, bytes} or {item, field, lamport, replica, value}) as one L1 envelope. */
export function encodeEnvelope(parts) {
  const w = new ByteWriter(64);
  for (let i = 0; i < HEADER; i++) w.writeByte(0);
  w.writeVarUint(parts.length);
  for (const p of parts) {
    if (p.doc !== undefined) {
      w.writeVarUint(TAG_DOC);
      w.writeString(p.doc);
      w.writeVarUint(p.bytes.length);
      w.writeBytes(p.bytes);
    } else {
      w.writeVarUint(TAG_FIELD);
      w.writeString(p.item);
      w.writeString(p.field);
      w.writeVarUint(p.lamport);
      w.writeVarUint(p.replica);
      w.writeString(p.value);
    }
  }
  const out = w.toBytes();
  out[0] = MAGIC;
  out[1] = FORMAT;
  const crc = crc32c(out, HEADER, out.length);
  out[2] = crc >>> 24; out[3] = (crc >>> 16) & 0xff; out[4] = (crc >>> 8) & 0xff; out[5] = crc & 0xff;
  return out;
}

/** The parts of an L1 envelope; throws MalformedUpdateError for anything else. */
export function decodeEnvelope(bytes) {
  if (bytes.length < HEADER + 1 || bytes[0] !== MAGIC || bytes[1] !== FORMAT) throw new MalformedUpdateError('not a list update (format L1)', 0);
  const crc = ((bytes[2] << 24) | (bytes[3] << 16) | (bytes[4] << 8) | bytes[5]) >>> 0;
  if (crc32c(bytes, HEADER, bytes.length) !== crc) throw new MalformedUpdateError('checksum mismatch', 2);
  const r = new ByteReader(bytes.subarray(HEADER));
  const n = r.readVarUint();
  if (n < 1 || n > 4096) throw r.fail(`part count ${n}`);
  const parts = [];
  for (let i = 0; i < n; i++) {
    const tag = r.readVarUint();
    if (tag === TAG_DOC) {
      const doc = r.readString();
      const len = r.readVarUint();
      if (len > r.remaining) throw r.fail('part longer than the update');
      parts.push({ doc, bytes: r.buf.slice(r.pos, r.pos + len) });
      r.pos += len;
    } else if (tag === TAG_FIELD) {
      parts.push({ item: r.readString(), field: r.readString(), lamport: r.readVarUint(), replica: r.readVarUint(), value: r.readString() });
    } else {
      throw r.fail(`unknown part tag ${tag}`);
    }
  }
  if (!r.atEnd()) throw r.fail('trailing bytes');
  return parts;
}

export class ListDocument {
  /** @param {number} replica  this session's replica id (list.open's `replica`) */
  constructor(replica) {
    this.replica = replica;
    this.order = new ListDoc(replica);
    this.texts = new Map();   // 'title:<id>' | 'notes:<id>' -> TextDoc
    this.fields = new Map();  // itemId -> Map(field -> {lamport, replica, value (JSON text)})
    this.lamport = 0;
    this.batch = null;        // parts of the local edit being made (transact)
    this.changeListeners = new Set();
    this.updateListeners = new Set();
    this.watch('order', this.order);
  }

  /** Loads an L1 snapshot (or update) into a new document. */
  static from(replica, bytes) {
    const d = new ListDocument(replica);
    if (bytes) d.apply(bytes);
    return d;
  }

  watch(key, part) {
    part.observeUpdates((bytes) => this.localPart({ doc: key, bytes }));
  }

  /** The TextDoc of `title:<id>` / `notes:<id>`, created empty on first use. */
  text(itemId, which) {
    const key = `${which}:${itemId}`;
    let t = this.texts.get(key);
    if (!t) {
      t = new TextDoc(this.replica);
      this.texts.set(key, t);
      this.watch(key, t);
    }
    return t;
  }

  field(itemId, name) {
    const w = this.fields.get(itemId)?.get(name);
    return w ? JSON.parse(w.value) : null;
  }

  fieldNames(itemId) {
    return [...(this.fields.get(itemId)?.keys() || [])];
  }

  /** Calls fn({local}) after every change; returns an unsubscribe function. */
  onChange(fn) {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  /** Calls fn(bytes) with the L1 update of every local edit; returns an unsubscribe function. */
  onUpdate(fn) {
    this.updateListeners.add(fn);
    return () => this.updateListeners.delete(fn);
  }

  changed(local) {
    for (const fn of [...this.changeListeners]) fn({ local });
  }

  localPart(part) {
    if (this.batch) { this.batch.push(part); return; }
    this.emit([part]);
  }

  emit(parts) {
    if (!parts.length) return;
    const bytes = encodeEnvelope(parts);
    for (const fn of [...this.updateListeners]) fn(bytes);
    this.changed(true);
  }

  /** Runs several local edits as one update (creating an item: order + title + created). */
  transact(fn) {
    if (this.batch) { fn(); return; }
    this.batch = [];
    try { fn(); } finally {
      const parts = this.batch;
      this.batch = null;
      this.emit(parts);
    }
  }

  /** A local field write; value null clears the field. */
  set(itemId, name, value) {
    this.lamport += 1;
    const w = { lamport: this.lamport, replica: this.replica, value: JSON.stringify(value ?? null) };
    this.putField(itemId, name, w);
    this.localPart({ item: itemId, field: name, ...w });
  }

  putField(itemId, name, w) {
    if (w.lamport > this.lamport) this.lamport = w.lamport;
    let m = this.fields.get(itemId);
    if (!m) { m = new Map(); this.fields.set(itemId, m); }
    if (!wins(w, m.get(name))) return false;
    m.set(name, w);
    return true;
  }

  /** Applies a remote L1 update or snapshot. Validates the envelope before touching anything. */
  apply(bytes) {
    const parts = decodeEnvelope(bytes);
    for (const p of parts) {
      if (p.doc !== undefined && p.doc !== 'order' && !/^(title|notes):[A-Za-z0-9_-]{1,32}$/.test(p.doc)) throw new MalformedUpdateError(`unknown part ${p.doc}`, 0);
      if (p.item !== undefined && !ID.test(p.item)) throw new MalformedUpdateError('bad item id', 0);
    }
    for (const p of parts) {
      if (p.doc === 'order') this.order.applyUpdate(p.bytes);
      else if (p.doc !== undefined) {
        const [which, id] = p.doc.split(':');
        this.text(id, which).applyUpdate(p.bytes);
      } else this.putField(p.item, p.field, { lamport: p.lamport, replica: p.replica, value: p.value });
    }
    this.changed(false);
  }

  /** The whole document as an L1 snapshot (each part's snapshot and every winning field write). */
  snapshot() {
    const parts = [{ doc: 'order', bytes: this.order.encodeSnapshot() }];
    for (const [key, t] of this.texts) if (!t.seq.isPristine()) parts.push({ doc: key, bytes: t.encodeSnapshot() });
    for (const [item, m] of this.fields) for (const [field, w] of m) parts.push({ item, field, ...w });
    return encodeEnvelope(parts);
  }

  // ---- the item model the views read ----

  /** Items in order, subtasks right after their parent: [{id, parent, depth, done, due, assignee, attachments}]. */
  items() {
    const ids = this.order.elements();
    const live = new Set(ids);
    const top = [];
    const children = new Map();
    for (const id of ids) {
      const parent = this.field(id, 'parent');
      // The one race the rules cannot stop (docs/crdt.md): a parent that is gone or itself a subtask.
      if (parent && live.has(parent) && !this.field(parent, 'parent')) {
        if (!children.has(parent)) children.set(parent, []);
        children.get(parent).push(id);
      } else top.push(id);
    }
    const out = [];
    for (const id of top) {
      out.push(this.item(id, null));
      for (const c of children.get(id) || []) out.push(this.item(c, id));
    }
    return out;
  }

  item(id, parent) {
    const attachments = this.fieldNames(id).filter((f) => f.startsWith('att:'))
      .map((f) => this.field(id, f)).filter(Boolean);
    return {
      id, parent, depth: parent ? 1 : 0,
      done: this.field(id, 'done'), due: this.field(id, 'due'), assignee: this.field(id, 'assignee'),
      created: this.field(id, 'created'), attachments,
    };
  }

  /** Creates an item at `index` of `order` with its title; returns its id. */
  addItem({ index = this.order.size, title = '', parent = null, by }) {
    const id = newItemId();
    this.transact(() => {
      this.order.insert(Math.min(index, this.order.size), id);
      this.set(id, 'created', { by, at: new Date().toISOString() });
      if (parent) this.set(id, 'parent', parent);
      if (title) this.text(id, 'title').insert(0, title);
    });
    return id;
  }

  /** Moves an item to `to` (its index in `order` once moved). */
  move(id, to) {
    const from = this.order.elements().indexOf(id);
    if (from < 0 || from === to) return;
    this.order.move(from, Math.max(0, Math.min(to, this.order.size - 1)));
  }

  /** Removes an item and its subtasks from `order` (their text and fields stay: docs/crdt.md). */
  remove(id) {
    this.transact(() => {
      for (const sub of this.items().filter((i) => i.parent === id)) this.order.remove(this.order.elements().indexOf(sub.id));
      const at = this.order.elements().indexOf(id);
      if (at >= 0) this.order.remove(at);
    });
  }
}
