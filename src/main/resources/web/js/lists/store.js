// The lists' session state on the Store base: my lists (for the overview, kept current by the
// user-stream events list.shared / list.removed / list.role) and the lists opened in this tab.
// Each opened list's `list.<id>` seq joins the socket's resume through realtime.track; a list
// whose replay was cut short ("limited") is opened again (its snapshot merges), one that vanished
// ("not_found") is dropped.
import { Store } from '../store.js';
import { lists } from './rest.js';
import { ListSession } from './sync.js';

const reducers = {
  loaded: (s, items) => ({ ...s, items, loaded: true }),
  upsert: (s, list) => ({ ...s, items: [list, ...s.items.filter((l) => l.id !== list.id)] }),
  patch: (s, { id, ...fields }) => (s.items.some((l) => l.id === id)
    ? { ...s, items: s.items.map((l) => (l.id === id ? { ...l, ...fields } : l)) } : s),
  dropped: (s, id) => (s.items.some((l) => l.id === id) ? { ...s, items: s.items.filter((l) => l.id !== id) } : s),
  connection: (s, connection) => (s.connection === connection ? s : { ...s, connection }),
};

export class ListsStore extends Store {
  constructor(realtime, user) {
    super({ items: [], loaded: false, connection: realtime.state || 'connecting' }, reducers);
    this.realtime = realtime;
    this.user = user;
    this.sessions = new Map(); // listId -> {session, users}
    this.unsubs = [
      realtime.track({ cursors: () => this.cursors(), resumed: (r) => this.onResumed(r) }),
      realtime.on('list.shared', (d) => d?.list && this.dispatch('upsert', d.list)),
      realtime.on('list.removed', (d) => this.removed(d?.listId, d?.reason)),
      realtime.on('list.role', (d) => this.role(d?.listId, d?.role)),
      realtime.on('state', (st) => this.dispatch('connection', st)),
      // This socket's id: presence the server echoes back to us is not another editor's caret.
      realtime.on('ready', (d) => { this.connectionId = d?.connectionId || null; }),
    ];
  }

  async load() {
    const { items } = await lists.mine();
    this.dispatch('loaded', items);
    return items;
  }

  cursors() {
    const out = {};
    for (const [id, { session }] of this.sessions) if (session.opened) out[`list.${id}`] = session.seq;
    return out;
  }

  onResumed(results) {
    for (const r of results) {
      if (!r.stream?.startsWith('list.')) continue;
      const s = this.sessions.get(r.stream.slice('list.'.length))?.session;
      if (!s) continue;
      if (r.status === 'not_found') s.lost('not_found');
      else if (r.status === 'limited') s.open();
    }
  }

  /** The session of one list, shared by the views that show it; release() when done. */
  async acquire(listId) {
    let entry = this.sessions.get(listId);
    if (!entry) {
      const session = new ListSession({ realtime: this.realtime, listId, user: this.user, self: () => this.connectionId });
      entry = { session, users: 0, ready: session.start() };
      this.sessions.set(listId, entry);
    }
    entry.users += 1;
    await entry.ready;
    return entry.session;
  }

  release(listId) {
    const entry = this.sessions.get(listId);
    if (!entry || --entry.users > 0) return;
    this.sessions.delete(listId);
    entry.session.close();
  }

  removed(listId, reason) {
    if (!listId) return;
    this.dispatch('dropped', listId);
    this.sessions.get(listId)?.session.lost(reason || 'removed');
  }

  role(listId, role) {
    if (!listId || !role) return;
    this.dispatch('patch', { id: listId, role });
    this.sessions.get(listId)?.session.setRole(role);
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    for (const { session } of this.sessions.values()) session.close();
    this.sessions.clear();
    this.close();
  }
}
