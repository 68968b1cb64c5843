// What the browser keeps of each opened list (IndexedDB `juntos-lists`), so that a list opens
// offline and nothing typed is lost on reload: the last snapshot with the seq it covers, every
// local update not yet acknowledged (in the order it was made, whichever tab made it), and the
// replica ids the server handed out for the list. A tab edits with a replica id only while it holds
// that id's Web Lock, so two tabs never write with one id (docs/crdt.md "Ids"), and an id is reused
// only by a tab that has loaded every update made with it (they are all here).
const DB = 'juntos-lists';
const VERSION = 1;
let opening = null;

function db() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        d.createObjectStore('lists', { keyPath: 'key' });                    // {key, snapshot, seq, meta}
        d.createObjectStore('pending', { keyPath: 'n', autoIncrement: true }) // {n, key, bytes}
          .createIndex('key', 'key');
        d.createObjectStore('replicas', { keyPath: 'key' });                 // {key, ids: [..]}
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return opening;
}

async function tx(stores, mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(stores, mode);
    let result;
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
    const req = fn(...stores.map((s) => t.objectStore(s)));
    if (req) req.onsuccess = () => { result = req.result; };
  });
}

/** The local copy of one user's list: key = `<userId>:<listId>`. */
export class OfflineList {
  constructor(userId, listId) {
    this.key = `${userId}:${listId}`;
    this.listId = listId;
    this.lock = null;
  }

  load() {
    return tx(['lists'], 'readonly', (s) => s.get(this.key));
  }

  save(snapshot, seq, meta) {
    return tx(['lists'], 'readwrite', (s) => s.put({ key: this.key, snapshot, seq, meta, savedAt: Date.now() }));
  }

  /** Every unsent update of this list, oldest first: [{n, bytes}]. Committed before the edit is sent. */
  pending() {
    return tx(['pending'], 'readonly', (s) => s.index('key').getAll(this.key));
  }

  addPending(bytes) {
    return tx(['pending'], 'readwrite', (s) => s.add({ key: this.key, bytes }));
  }

  dropPending(n) {
    return tx(['pending'], 'readwrite', (s) => s.delete(n));
  }

  async forget() {
    await tx(['lists', 'pending'], 'readwrite', (l, p) => {
      l.delete(this.key);
      p.index('key').getAllKeys(this.key).onsuccess = (e) => e.target.result.forEach((k) => p.delete(k));
    });
  }

  async rememberReplica(id) {
    const row = await tx(['replicas'], 'readonly', (s) => s.get(this.key));
    const ids = [...new Set([...(row?.ids || []), id])];
    await tx(['replicas'], 'readwrite', (s) => s.put({ key: this.key, ids }));
  }

  /**
   * Takes a replica id no other tab holds (Web Locks; held until release() or the tab closes):
   * `preferred` (fresh from list.open) or, offline, one the server handed out before. null if none.
   */
  async claimReplica(preferred) {
    if (this.lock) return this.lock.id;
    const row = await tx(['replicas'], 'readonly', (s) => s.get(this.key));
    const ids = [...(row?.ids || [])];
    if (preferred !== undefined && preferred !== null) ids.unshift(preferred);
    for (const id of ids) {
      if (await this.tryLock(id)) return id;
    }
    return null;
  }

  tryLock(id) {
    if (!navigator.locks) { this.lock = { id, release: () => {} }; return Promise.resolve(true); }
    return new Promise((resolve) => {
      navigator.locks.request(`juntos-list-replica:${this.key}:${id}`, { ifAvailable: true }, (lock) => {
        if (!lock) { resolve(false); return undefined; }
        return new Promise((release) => { this.lock = { id, release }; resolve(true); });
      });
    });
  }

  release() {
    this.lock?.release();
    this.lock = null;
  }
}
