// The rooms' session state on the Store base: my rooms (for the list) and, per room, the last
// stream seq this client holds. It registers those seqs with realtime.track, so every (re)connect's
// generic resume names `room.<id>` streams and the server replays what was missed; a room whose
// replay was cut short ("limited") or that vanished ("not_found") is re-read over REST.
import { Store } from '../store.js';
import { rooms } from './rest.js';

const reducers = {
  loaded: (s, items) => ({ ...s, items, loaded: true, seqs: { ...s.seqs, ...Object.fromEntries(items.map((r) => [r.id, Math.max(s.seqs[r.id] || 0, r.lastSeq || 0)])) } }),
  seq: (s, { roomId, seq }) => (seq > (s.seqs[roomId] || 0) ? { ...s, seqs: { ...s.seqs, [roomId]: seq } } : s),
  joined: (s, room) => (s.items.some((r) => r.id === room.id) ? s : { ...s, items: [room, ...s.items], seqs: { ...s.seqs, [room.id]: room.lastSeq || 0 } }),
  left: (s, roomId) => {
    if (!s.items.some((r) => r.id === roomId) && !(roomId in s.seqs)) return s;
    const seqs = { ...s.seqs };
    delete seqs[roomId];
    return { ...s, items: s.items.filter((r) => r.id !== roomId), seqs };
  },
  stale: (s, roomId) => ({ ...s, stale: { ...s.stale, [roomId]: (s.stale?.[roomId] || 0) + 1 } }),
};

export class RoomsStore extends Store {
  constructor(realtime) {
    super({ items: [], seqs: {}, loaded: false, stale: {} }, reducers);
    this.realtime = realtime;
    this.unsubs = [
      realtime.track({ cursors: () => this.cursors(), resumed: (results) => this.onResumed(results) }),
      realtime.on('room.*', (data, type) => this.frame(type, data)),
    ];
  }

  async load() {
    const { items } = await rooms.list();
    this.dispatch('loaded', items);
    return items;
  }

  /** {`room.<id>`: seq} for every room this client holds a position in. */
  cursors() {
    return Object.fromEntries(Object.entries(this.state.seqs).map(([id, seq]) => [`room.${id}`, seq]));
  }

  onResumed(results) {
    for (const r of results) {
      if (!r.stream?.startsWith('room.')) continue;
      const id = r.stream.slice('room.'.length);
      if (r.status === 'not_found') this.dispatch('left', id);
      else if (r.status === 'limited') this.dispatch('stale', id); // views re-read the room
    }
  }

  frame(type, data) {
    if (!data?.roomId && !data?.room?.id) return;
    if (type === 'room.joined' || type === 'room.invited') { this.dispatch('joined', data.room); return; }
    if (type === 'room.left' || type === 'room.deleted') { this.dispatch('left', data.roomId); return; }
    if (typeof data.seq === 'number') this.dispatch('seq', { roomId: data.roomId, seq: data.seq });
  }

  /** A room view opened (its details carry lastSeq): seed the cursor so resume covers it. */
  opened(room) {
    this.dispatch('seq', { roomId: room.id, seq: room.lastSeq || 0 });
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    this.close();
  }
}
