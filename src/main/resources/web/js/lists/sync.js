// One opened list: the browser's replica (ListDocument) kept in IndexedDB, joined to the server
// over the one socket (docs/protocol.md "Lists"). Local edits are stored as pending before they
// are sent and dropped only when acknowledged, so a reload or a lost connection loses nothing;
// the server's updates arrive as list.update events on `list.<id>`, which the store's resume
// cursor covers. Re-sending is harmless (the CRDT ignores duplicates), so every pending update
// (this tab's and those other tabs left behind) goes again after each list.open.
import { ListDocument } from './document.js';
import { OfflineList } from './offline.js';
import { lists } from './rest.js';
import { session } from '../session.js';

// Edits need a replica id from the server (or one handed out before); until then the document
// is read under an id no server hands out and every edit affordance is off.
const NO_REPLICA = 2 ** 31 - 1;
const SAVE_DELAY_MS = 400;
const PRESENCE_EVERY_MS = 120;

export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export class ListSession {
  constructor({ realtime, listId, user, self = () => null }) {
    this.self = self;
    this.realtime = realtime;
    this.listId = listId;
    this.user = user;
    this.offline = new OfflineList(user.id, listId);
    this.listeners = new Map();
    this.seq = 0;
    this.meta = { name: '', role: null, members: [], limits: {} };
    this.replica = null;
    this.inFlight = new Set();   // pending rows (n) sent and not yet answered
    this.carets = new Map();     // connectionId -> {userId, itemId, field, index, length}
    this.viewers = [];
    this.gone = null;            // 'not_found' | 'removed' …: the list is no longer ours
    this.opened = false;
    this.chain = Promise.resolve();
    this.unsubs = [
      realtime.on('list.update', (d) => { if (d?.listId === listId) this.remote(d); }),
      realtime.on('list.presence', (d) => { if (d?.listId === listId) this.presence(d); }),
      realtime.on('list.viewers', (d) => { if (d?.listId === listId) this.setViewers(d.viewers || []); }),
      realtime.on('ready', () => { if (this.opened) this.open(); }),
    ];
  }

  on(topic, fn) {
    if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
    this.listeners.get(topic).add(fn);
    return () => this.listeners.get(topic)?.delete(fn);
  }

  emit(topic, data) {
    for (const fn of [...(this.listeners.get(topic) || [])]) {
      try { fn(data); } catch (e) { console.error(e); }
    }
  }

  get canEdit() {
    return this.replica !== null && (this.meta.role === 'owner' || this.meta.role === 'editor') && !this.gone;
  }

  /** Loads what IndexedDB holds (the list shows at once, offline too), then joins the server. */
  async start() {
    const saved = await this.offline.load().catch(() => null);
    if (saved) { this.seq = saved.seq || 0; this.meta = { ...this.meta, ...saved.meta }; }
    this.replica = saved ? await this.offline.claimReplica(null) : null;
    this.setDoc(ListDocument.from(this.replica ?? NO_REPLICA, saved?.snapshot));
    for (const p of await this.offline.pending().catch(() => [])) this.applySafely(p.bytes);
    this.emit('meta', this.meta);
    this.open();
    return this;
  }

  setDoc(doc) {
    this.unsubDoc?.();
    this.doc = doc;
    const a = doc.onUpdate((bytes) => this.local(bytes));
    const b = doc.onChange(() => { this.scheduleSave(); this.emit('change'); });
    this.unsubDoc = () => { a(); b(); };
    this.emit('doc', doc);
  }

  async open() {
    if (this.opening) return this.opening;
    this.opening = this.openNow().finally(() => { this.opening = null; });
    return this.opening;
  }

  async openNow() {
    let ack;
    try {
      ack = await this.realtime.request('list.open', { listId: this.listId });
    } catch (e) {
      if (e.code === 'not_found') this.lost('not_found');
      else if (e.code !== 'disconnected') this.emit('error', e);
      return;
    }
    this.opened = true;
    this.meta = { name: ack.name, role: ack.role, members: ack.members || [], limits: ack.limits || {} };
    this.setViewers(ack.viewers || []);
    await this.offline.rememberReplica(ack.replica);
    if (this.replica === null) {
      this.replica = await this.offline.claimReplica(ack.replica);
      // The document was read without an id: carry its state into one built with ours.
      if (this.replica !== null) this.setDoc(ListDocument.from(this.replica, this.doc.snapshot()));
    }
    const snapshot = ack.snapshot ? fromBase64(ack.snapshot) : await this.fetchDoc();
    this.applySafely(snapshot);
    this.seq = Math.max(this.seq, ack.seq || 0);
    this.emit('meta', this.meta);
    this.emit('change');
    await this.save();
    for (const p of await this.offline.pending()) if (!this.inFlight.has(p.n)) this.send(p.n, p.bytes);
  }

  async fetchDoc() {
    const token = await session.token();
    const res = await fetch(`/api/lists/${encodeURIComponent(this.listId)}/doc`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`list document: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  applySafely(bytes) {
    try { this.doc.apply(bytes); } catch (e) { console.warn('list update not applied', e); }
  }

  /** A local edit: committed to IndexedDB first, then sent (in the order edits were made). */
  local(bytes) {
    this.chain = this.chain.then(async () => {
      const n = await this.offline.addPending(bytes);
      this.emit('pending', this.inFlight.size + 1);
      if (this.opened) this.send(n, bytes);
    }).catch((e) => this.emit('error', e));
  }

  send(n, bytes) {
    this.inFlight.add(n);
    this.realtime.request('list.update', { listId: this.listId, update: toBase64(bytes) }).then(async (ack) => {
      this.inFlight.delete(n);
      await this.offline.dropPending(n);
      if (ack?.seq > this.seq) this.seq = ack.seq;
      this.emit('pending', this.inFlight.size);
    }, (e) => this.refused(n, bytes, e));
  }

  refused(n, bytes, e) {
    this.inFlight.delete(n);
    switch (e.code) {
      case 'overloaded': case 'timeout': case 'rate_limited':
        // The server pushed back: the same bytes again later, nothing dropped.
        setTimeout(() => this.send(n, bytes), e.retryAfterMs || 1000);
        return;
      case 'disconnected': return; // sent again after the next list.open
      case 'not_found': this.lost('not_found'); return;
      default:
        // read_only, bad_update, too_large: the server will never take these bytes. Drop them and
        // rebuild from the server's state so this replica does not keep what nobody else has.
        this.offline.dropPending(n).then(() => this.resync());
        this.emit('error', e);
    }
  }

  async resync() {
    if (this.replica !== null) this.offline.release();
    this.replica = null;
    await this.offline.forget();
    this.setDoc(new ListDocument(NO_REPLICA));
    this.seq = 0;
    this.opened = false;
    await this.open();
  }

  remote(d) {
    if (d.seq > this.seq) this.seq = d.seq;
    if (d.replica === this.replica) return; // my own, already applied
    this.applySafely(fromBase64(d.update));
  }

  scheduleSave() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  save() {
    clearTimeout(this.saveTimer);
    if (this.gone) return Promise.resolve();
    return this.offline.save(this.doc.snapshot(), this.seq, this.meta).catch((e) => console.warn('list not saved offline', e));
  }

  // ---- presence ----

  caret(sel) {
    const now = Date.now();
    this.nextCaret = sel;
    if (this.caretTimer) return;
    const wait = Math.max(0, (this.lastCaretAt || 0) + PRESENCE_EVERY_MS - now);
    this.caretTimer = setTimeout(() => {
      this.caretTimer = 0;
      this.lastCaretAt = Date.now();
      const s = this.nextCaret || {};
      if (!this.opened) return;
      this.realtime.request('list.presence', {
        listId: this.listId, itemId: s.itemId ?? null, field: s.field ?? null, index: s.index ?? 0, length: s.length ?? 0,
      }, { transient: true }).catch(() => {});
    }, wait);
  }

  presence(d) {
    if (d.connectionId && d.connectionId === this.self()) return;
    this.knowMembers([d.userId]);
    this.carets.set(d.connectionId, d);
    this.emit('carets', this.carets);
  }

  /** Someone we have no member record of (joined since list.open): read the members again. */
  knowMembers(userIds) {
    if (this.membersLoading || userIds.every((u) => !u || this.meta.members.some((m) => m.user.id === u))) return;
    this.membersLoading = lists.members(this.listId).then((r) => this.setMembers(r.members), () => {})
      .finally(() => { this.membersLoading = null; });
  }

  setMembers(members) {
    this.meta = { ...this.meta, members };
    this.emit('meta', this.meta);
  }

  setViewers(list) {
    this.viewers = list;
    this.knowMembers(list.map((v) => v.userId));
    const live = new Set(list.map((v) => v.connectionId));
    for (const id of [...this.carets.keys()]) if (!live.has(id)) this.carets.delete(id);
    this.emit('viewers', list);
    this.emit('carets', this.carets);
  }

  setRole(role) {
    this.meta = { ...this.meta, role };
    this.emit('meta', this.meta);
  }

  lost(reason) {
    this.gone = reason;
    this.offline.forget().catch(() => {});
    this.emit('gone', reason);
  }

  async close() {
    this.unsubs.forEach((u) => u());
    this.unsubDoc?.();
    clearTimeout(this.caretTimer);
    await this.chain;
    await this.save();
    this.offline.release();
    if (this.opened && !this.gone) this.realtime.request('list.close', { listId: this.listId }, { transient: true }).catch(() => {});
  }
}
