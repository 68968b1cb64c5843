// Client-side state of messaging: conversations, loaded messages, members with their receipt
// markers, presence and typing. Fed by REST (lists, history pages) and the realtime connection
// (live `message.*` events, resume of the `conv.<id>` streams). Views subscribe to topics and
// re-render from it; they never talk to the socket and never write into the store: what the screen
// shows (`state.active`, `state.connection`) changes through dispatch, the rest through methods.
import { Store } from '../store.js';
import { rest } from './rest.js';
import { ChatActions } from './actions.js';
import { Outbox } from './outbox.js';

const PAGE = 50;
const STREAM = 'conv.';
const emptyThread = () => ({ bySeq: new Map(), pending: new Map(), oldest: null, hasOlder: true, loaded: false, loading: null });

const REDUCERS = {
  /** The conversation on screen (null: none). */
  open: (s, id) => (s.active === id ? s : { ...s, active: id }),
  /** The realtime connection's state, for the offline banners. */
  connection: (s, state) => (s.connection === state ? s : { ...s, connection: state }),
  /** A conversation the user is leaving on purpose (no "you are no longer in it" notice). */
  depart: (s, id) => ({ ...s, departing: id }),
};

export class ChatStore extends Store {
  constructor(realtime, me) {
    super({ active: null, connection: realtime.state, departing: null }, REDUCERS);
    this.realtime = realtime;
    this.me = me;
    this.outbox = new Outbox(me.id);
    this.actions = new ChatActions(this, realtime);
    this.conversations = new Map();
    this.threads = new Map();
    this.members = new Map(); // convId -> Map(userId -> member)
    this.users = new Map();
    this.presence = new Map();
    this.typing = new Map(); // convId -> Map(userId -> expiresAt)
    this.since = 0;
    this.loaded = false;
    this.nextCursor = null; // the list's next page (null: all loaded)
    this.muted = new Set(); // conversation ids muted by me (the push feature's mutes)
    this.canMute = false;
    this.unsubs = [
      realtime.on('message.created', (d) => this.onMessage(d.message, true)),
      realtime.on('message.updated', (d) => this.onMessage(d.message, false)),
      realtime.on('receipt', (d) => this.onReceipt(d)),
      realtime.on('typing', (d) => this.onTyping(d)),
      realtime.on('presence', (d) => this.onPresence(d)),
      realtime.on('conversation.joined', (d) => this.upsertConversation(d.conversation, true)),
      realtime.on('conversation.updated', (d) => this.upsertConversation(d.conversation, false)),
      realtime.on('conversation.left', (d) => this.removeConversation(d.conversationId)),
      realtime.on('member.joined', (d) => this.upsertMember(d.conversationId, d.member)),
      realtime.on('member.updated', (d) => this.upsertMember(d.conversationId, d.member)),
      realtime.on('member.left', (d) => this.removeMember(d.conversationId, d.userId)),
      realtime.on('user.updated', (d) => this.onUser(d.user)),
      realtime.on('ping', (d) => { if (d?.t) this.since = Math.max(this.since, d.t - 2000); }),
      realtime.on('state', (st) => this.dispatch('connection', st)),
      realtime.track({ cursors: () => this.cursors(), since: () => this.since, resumed: (r) => this.onResumed(r) }),
    ];
  }

  get active() {
    return this.state.active;
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    this.close();
  }

  changed(convId, what = 'messages') {
    this.emit(`${what}:${convId}`);
    this.emit('conversations');
  }

  // --- loading -------------------------------------------------------------------------------

  async load() {
    this.actions.resendSaved();
    rest.mutes().then((ids) => { this.canMute = true; ids.forEach((id) => this.muted.add(id)); this.emit('conversations'); },
      () => { /* no push feature: no mute */ });
    const { items: list, next } = await rest.conversations();
    this.nextCursor = next;
    await this.took(list);
  }

  /** The next page of the conversation list (the server pages by 200); resolves to the number loaded. */
  loadMore() {
    if (!this.nextCursor) return Promise.resolve(0);
    if (!this.paging) {
      this.paging = rest.conversations(this.nextCursor).then(async ({ items, next }) => {
        this.nextCursor = next;
        await this.took(items);
        return items.length;
      }).finally(() => { this.paging = null; });
    }
    return this.paging;
  }

  async took(list) {
    for (const c of list) this.upsertConversation(c, false, { quiet: true });
    this.loaded = true;
    this.emit('conversations');
    // This device now holds the newest message of each conversation: tell the senders.
    for (const c of list) if ((c.lastSeq || 0) > (c.deliveredSeq || 0)) this.actions.receipt(c.id, 'delivered', c.lastSeq);
    await Promise.all(list.map((c) => this.loadMembers(c.id).catch(() => {})));
  }

  async loadMembers(convId) {
    const members = await rest.members(convId);
    const map = new Map();
    for (const m of members) {
      const user = m.user || m;
      map.set(user.id, m);
      this.users.set(user.id, user);
      if (m.online !== undefined && !this.presence.has(user.id)) this.presence.set(user.id, { online: m.online, lastSeenAt: m.lastSeenAt });
    }
    this.members.set(convId, map);
    this.changed(convId, 'members');
  }

  thread(convId) {
    if (!this.threads.has(convId)) this.threads.set(convId, emptyThread());
    return this.threads.get(convId);
  }

  /** Loads the newest page of a conversation once. */
  openThread(convId) {
    const t = this.thread(convId);
    if (!t.loaded && !t.loading) {
      t.loading = rest.messages(convId, { limit: PAGE }).then(({ messages, hasMore }) => {
        messages.forEach((m) => this.put(m));
        t.loaded = true;
        t.hasOlder = hasMore ?? (messages.length === PAGE);
        if (messages.length && Math.min(...messages.map((m) => m.seq)) <= 1) t.hasOlder = false;
        this.changed(convId);
      }).finally(() => { t.loading = null; });
    }
    if (!this.members.has(convId)) this.loadMembers(convId).catch(() => {});
    return t.loading || Promise.resolve();
  }

  /** Loads the page before the oldest loaded message; resolves to the number loaded. */
  async loadOlder(convId) {
    const t = this.thread(convId);
    if (!t.hasOlder || t.loading || t.oldest == null) return 0;
    t.loading = rest.messages(convId, { before: t.oldest, limit: PAGE });
    try {
      const { messages, hasMore } = await t.loading;
      messages.forEach((m) => this.put(m));
      t.hasOlder = (hasMore ?? messages.length === PAGE) && t.oldest > 1;
      this.changed(convId);
      return messages.length;
    } finally {
      t.loading = null;
    }
  }

  // --- reading state -------------------------------------------------------------------------

  /** Messages of a conversation in order: stored ones by seq, then those still sending. */
  messagesOf(convId) {
    const t = this.thread(convId);
    return [...[...t.bySeq.values()].sort((a, b) => a.seq - b.seq), ...t.pending.values()];
  }

  lastMessage(convId) {
    const list = this.messagesOf(convId);
    return list[list.length - 1] || this.conversations.get(convId)?.lastMessage || null;
  }

  others(convId) {
    return [...(this.members.get(convId)?.values() || [])].filter((m) => (m.user || m).id !== this.me.id);
  }

  /** The name to show: the group's name or, for a direct conversation, the other person. */
  title(conv) {
    if (!conv) return '';
    if (conv.kind === 'group') return conv.name || 'Group';
    const peer = this.peer(conv.id);
    return peer?.fullName || peer?.username || conv.name || 'Direct message';
  }

  peer(convId) {
    const conv = this.conversations.get(convId);
    if (conv?.peer) return conv.peer;
    const other = this.others(convId)[0];
    return other ? (other.user || other) : null;
  }

  /** 'pending' | 'failed' | 'sent' | 'delivered' | 'read' for one of my messages. */
  status(msg) {
    if (msg.failed) return 'failed';
    if (!msg.seq) return 'pending';
    const others = this.others(msg.conversationId);
    if (!others.length) return 'sent';
    if (others.every((m) => (m.readSeq || 0) >= msg.seq)) return 'read';
    if (others.every((m) => Math.max(m.deliveredSeq || 0, m.readSeq || 0) >= msg.seq)) return 'delivered';
    return 'sent';
  }

  /** How many of the other members have this message delivered and read (for group tooltips). */
  receiptCounts(msg) {
    const others = this.others(msg.conversationId);
    const read = others.filter((m) => (m.readSeq || 0) >= msg.seq).length;
    const delivered = others.filter((m) => Math.max(m.deliveredSeq || 0, m.readSeq || 0) >= msg.seq).length;
    return { read, delivered, of: others.length };
  }

  typingIn(convId) {
    const now = Date.now();
    const map = this.typing.get(convId);
    if (!map) return [];
    return [...map].filter(([, exp]) => exp > now).map(([userId]) => this.users.get(userId)).filter(Boolean);
  }

  isOnline(userId) {
    return Boolean(this.presence.get(userId)?.online);
  }

  totalUnread() {
    let n = 0;
    for (const c of this.conversations.values()) if (c.unread > 0) n += 1;
    return n;
  }

  // --- events --------------------------------------------------------------------------------

  put(m) {
    const t = this.thread(m.conversationId);
    t.bySeq.set(m.seq, m);
    if (t.oldest == null || m.seq < t.oldest) t.oldest = m.seq;
    if (m.senderId === this.me.id && m.clientMsgId && t.pending.delete(m.clientMsgId)) this.outbox.remove(m.clientMsgId);
    const stamp = Date.parse(m.deletedAt || m.editedAt || m.createdAt);
    if (stamp) this.since = Math.max(this.since, stamp - 2000);
  }

  onMessage(m, created) {
    if (!m?.conversationId) return;
    const t = this.thread(m.conversationId);
    const conv = this.conversations.get(m.conversationId);
    const isNew = created && !t.bySeq.has(m.seq);
    const prevTop = Math.max(0, ...t.bySeq.keys());
    this.put(m); // also before history loads: the first page merges by seq
    if (conv && isNew) {
      if (t.loaded && prevTop && m.seq > prevTop + 1) this.fillGap(m.conversationId, prevTop);
      conv.lastSeq = Math.max(conv.lastSeq || 0, m.seq);
      conv.lastMessage = m;
      conv.updatedAt = m.createdAt;
      if (m.senderId !== this.me.id) {
        const onScreen = this.active === m.conversationId && document.visibilityState === 'visible';
        if (onScreen) this.actions.markRead(m.conversationId);
        else {
          conv.unread = Math.max(0, m.seq - (conv.readSeq || 0));
          this.actions.receipt(m.conversationId, 'delivered', m.seq);
        }
        this.clearTyping(m.conversationId, m.senderId);
      } else {
        conv.readSeq = Math.max(conv.readSeq || 0, m.seq);
        const me = this.members.get(m.conversationId)?.get(this.me.id);
        if (me) { me.readSeq = Math.max(me.readSeq || 0, m.seq); me.deliveredSeq = Math.max(me.deliveredSeq || 0, m.seq); }
      }
    } else if (conv && conv.lastMessage?.id === m.id) {
      conv.lastMessage = m;
    } else if (!conv && created) {
      // A message for a conversation we do not know yet (joined on another device): fetch it.
      rest.conversation(m.conversationId).then((c) => this.upsertConversation(c, true)).catch(() => {});
    }
    this.changed(m.conversationId);
  }

  async fillGap(convId, afterSeq) {
    try {
      const { messages } = await rest.messages(convId, { after: afterSeq, limit: 100 });
      messages.forEach((m) => this.put(m));
      this.changed(convId);
    } catch { /* resume on the next reconnect fills it */ }
  }

  onReceipt(d) {
    const member = this.members.get(d.conversationId)?.get(d.userId);
    if (member) {
      member.deliveredSeq = Math.max(member.deliveredSeq || 0, d.deliveredSeq || 0);
      member.readSeq = Math.max(member.readSeq || 0, d.readSeq || 0);
    }
    if (d.userId === this.me.id) {
      const conv = this.conversations.get(d.conversationId);
      if (conv) {
        conv.readSeq = Math.max(conv.readSeq || 0, d.readSeq || 0);
        conv.unread = Math.max(0, (conv.lastSeq || 0) - conv.readSeq);
      }
    }
    this.changed(d.conversationId);
  }

  onTyping(d) {
    if (d.userId === this.me.id) return;
    if (!this.typing.has(d.conversationId)) this.typing.set(d.conversationId, new Map());
    const map = this.typing.get(d.conversationId);
    if (d.state === 'stop') map.delete(d.userId);
    else {
      const ms = d.expiresInMs || 6000;
      map.set(d.userId, Date.now() + ms);
      setTimeout(() => this.changed(d.conversationId, 'typing'), ms + 50);
    }
    this.changed(d.conversationId, 'typing');
  }

  clearTyping(convId, userId) {
    if (this.typing.get(convId)?.delete(userId)) this.emit(`typing:${convId}`);
  }

  onPresence(d) {
    this.presence.set(d.userId, { online: d.online, lastSeenAt: d.lastSeenAt });
    this.emit('presence', d);
    this.emit('conversations');
  }

  upsertConversation(c, joined, { quiet = false } = {}) {
    if (!c?.id) return;
    const prev = this.conversations.get(c.id);
    this.conversations.set(c.id, { ...prev, ...c });
    if (c.members) {
      const map = new Map();
      for (const m of c.members) { const u = m.user || m; map.set(u.id, m); this.users.set(u.id, u); }
      this.members.set(c.id, map);
    }
    if (c.lastMessage?.senderId && !this.users.has(c.lastMessage.senderId) && c.lastMessage.sender) this.users.set(c.lastMessage.senderId, c.lastMessage.sender);
    if (joined && !this.members.has(c.id)) this.loadMembers(c.id).catch(() => {});
    if (!quiet) this.changed(c.id, 'conversation');
  }

  /** Someone's name or avatar changed: every place that shows them reads this.users or the members. */
  onUser(u) {
    if (!u?.id) return;
    this.users.set(u.id, { ...this.users.get(u.id), ...u });
    if (u.id === this.me.id) Object.assign(this.me, u);
    for (const [convId, members] of this.members) {
      const m = members.get(u.id);
      if (!m) continue;
      members.set(u.id, m.user ? { ...m, user: { ...m.user, ...u } } : { ...m, ...u });
      this.emit(`members:${convId}`);
    }
    // A direct conversation names its peer even before its members are loaded.
    for (const conv of this.conversations.values()) {
      if (conv.peer?.id !== u.id && !this.members.get(conv.id)?.has(u.id)) continue;
      if (conv.peer?.id === u.id) conv.peer = { ...conv.peer, ...u };
      this.emit(`conversation:${conv.id}`);
    }
    this.emit('conversations');
  }

  async setMuted(id, on) {
    await rest.mute(id, on);
    if (on) this.muted.add(id); else this.muted.delete(id);
    this.changed(id, 'conversation');
  }

  async setArchived(id, on) {
    this.upsertConversation(await rest.archive(id, on), false);
  }

  removeConversation(id) {
    this.conversations.delete(id);
    this.threads.delete(id);
    this.emit('conversations');
    this.emit(`left:${id}`);
  }

  upsertMember(convId, m) {
    const user = m.user || m;
    this.users.set(user.id, user);
    if (!this.members.has(convId)) this.members.set(convId, new Map());
    this.members.get(convId).set(user.id, { ...this.members.get(convId).get(user.id), ...m });
    if (m.online !== undefined) this.presence.set(user.id, { online: m.online });
    const conv = this.conversations.get(convId);
    if (conv) conv.memberCount = this.members.get(convId).size;
    this.changed(convId, 'members');
  }

  removeMember(convId, userId) {
    this.members.get(convId)?.delete(userId);
    const conv = this.conversations.get(convId);
    if (conv) conv.memberCount = this.members.get(convId)?.size;
    this.changed(convId, 'members');
  }

  /** The resume cursors: the highest seq held per conversation, as streams `conv.<id>`. */
  cursors() {
    const out = {};
    for (const id of this.conversations.keys()) {
      const t = this.threads.get(id);
      out[STREAM + id] = t?.bySeq.size ? Math.max(...t.bySeq.keys()) : (this.conversations.get(id).lastSeq || 0);
    }
    return out;
  }

  /** The resume results of the `conv.` streams: {stream, status, fromSeq?, toSeq?}. */
  onResumed(results) {
    for (const r of results) {
      const id = r.stream.slice(STREAM.length);
      if (r.status === 'limited') {
        // Too much was missed: what we hold is no longer contiguous, start again from the newest page.
        const t = this.thread(id);
        const fresh = emptyThread();
        fresh.pending = t.pending;
        this.threads.set(id, fresh);
        if (this.active === id) this.openThread(id);
        this.changed(id);
      } else if (r.status === 'not_found') {
        this.removeConversation(id);
      }
    }
    // Conversations joined while offline are not replayed: refresh the list.
    if (this.loaded) rest.conversations().then(({ items }) => items.forEach((c) => this.upsertConversation(c, !this.conversations.has(c.id)))).catch(() => {});
  }
}
