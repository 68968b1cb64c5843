// One conversation: header (presence, typing, members), the message history with infinite scroll
// back, day separators and grouping, message actions, and the composer.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { formatDay, formatAgo, sameDay, toDate } from '../format.js';
import { toastError } from '../toast.js';
import { renderMessage, versionKey, personLink } from './message.js';
import { Composer } from './composer.js';
import { mountComposerExtensions, mountHeaderExtensions } from './extensions.js';
import { confirmDialog } from './dialogs.js';
import { openInfo } from './info.js';
import { count } from './words.js';
import { EmojiPicker } from './emoji.js';

const GROUP_GAP_MS = 5 * 60 * 1000;

export class Thread {
  constructor(store, convId) {
    this.store = store;
    this.id = convId;
    this.cache = new Map();
    this.stick = true;
    // Messages after this seq were unread when the conversation was opened: mark where they start.
    const opened = store.conversations.get(convId);
    this.unreadAfter = opened && (opened.lastSeq || 0) > (opened.readSeq || 0) ? (opened.readSeq || 0) : null;
    this.buildHeader();
    this.top = h('div', { class: 'history-top' });
    this.items = h('div', { class: 'messages', role: 'log', 'aria-label': 'Messages', 'aria-live': 'polite', dataset: { testid: 'messages' } });
    this.scroller = h('div', { class: 'scroller' }, this.top, this.items);
    this.jumpDown = h('button', { type: 'button', class: 'jump-down', hidden: true, onclick: () => this.toBottom() });
    this.unseen = 0;
    this.typing = h('div', { class: 'typing-row', 'aria-live': 'polite', dataset: { testid: 'typing' } });
    this.buildComposer();
    this.extensions = mountComposerExtensions({ conversationId: convId, composer: this.composer, realtime: store.realtime });
    this.offline = h('div', { class: 'thread-offline', role: 'status', hidden: store.state.connection !== 'offline' }, icon('wifiOff', { cls: 'icon-sm' }),
      h('span', { text: 'Offline. Messages will be sent when you reconnect.' }));
    this.el = h('section', { class: 'thread', 'aria-label': 'Conversation' }, this.header, this.offline,
      h('div', { class: 'scroller-wrap' }, this.scroller, this.jumpDown), this.typing,
      ...this.extensions.map((x) => x.el), this.composer.el);
    this.subscribe();
    this.renderHeader();
    this.render();
    store.openThread(convId).then(() => this.opened(), toastError);
  }

  buildHeader() {
    const { store, id } = this;
    this.title = h('h2', { class: 'thread-title', dataset: { testid: 'thread-title' } });
    this.subtitle = h('p', { class: 'thread-sub', 'aria-live': 'polite' });
    this.headAvatar = h('span');
    this.inviteBtn = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Conversation info', title: 'Conversation info',
      dataset: { testid: 'info' }, onclick: () => openInfo(id, store) }, icon('more'));
    this.mutedMark = h('span', { class: 'muted-mark', title: 'Muted', hidden: true }, icon('bellOff', { cls: 'icon-sm', label: 'Muted' }));
    this.headExtensions = mountHeaderExtensions({ conversationId: id, realtime: store.realtime });
    this.header = h('header', { class: 'thread-head' },
      h('a', { class: 'icon-btn back', href: '#/chats', 'aria-label': 'Back to conversations' }, icon('back')),
      this.headAvatar, h('div', { class: 'thread-id' }, this.title, this.subtitle), this.mutedMark, ...this.headExtensions.map((x) => x.el), this.inviteBtn);
  }

  buildComposer() {
    const { store, id } = this;
    this.composer = new Composer({
      onSend: (text, opts) => { this.unreadAfter = null; store.actions.send(id, text, opts); this.stick = true; },
      onEdit: (m, text) => store.actions.edit(id, m.id, text).catch(toastError),
      onTyping: (state) => store.actions.typingNow(id, state),
      onEmoji: (anchor, insert) => EmojiPicker.open(anchor, insert, { label: 'Insert an emoji', keepOpen: true }),
    });
    this.composer.hooks.lastOwn = () => {
      const mine = store.messagesOf(id).filter((m) => m.senderId === store.me.id && m.seq && !m.deletedAt).pop();
      if (mine) this.composer.setMode('edit', mine);
    };
  }

  subscribe() {
    const { store, id } = this;
    this.unsubs = [
      store.on(`messages:${id}`, () => this.schedule()),
      store.on(`members:${id}`, () => { this.cache.clear(); this.renderHeader(); this.schedule(); }),
      store.on(`conversation:${id}`, () => this.renderHeader()),
      store.on(`typing:${id}`, () => this.renderTyping()),
      store.on('presence', () => this.renderHeader()),
      store.select((st) => st.connection, (c) => { this.offline.hidden = c !== 'offline'; }),
    ];
    this.onVisible = () => { if (document.visibilityState === 'visible') store.actions.markRead(id); };
    document.addEventListener('visibilitychange', this.onVisible);
    // Reaching the top of what is loaded pages back through history.
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.older();
    }, { root: this.scroller, rootMargin: '200px 0px 0px 0px' });
    this.observer.observe(this.top);
    this.scroller.addEventListener('scroll', () => {
      this.stick = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 80;
      if (this.stick) this.showUnseen(0);
    }, { passive: true });
  }

  /** The "new messages below" button, shown while reading further up. */
  showUnseen(n) {
    this.unseen = n;
    this.jumpDown.hidden = !n;
    this.jumpDown.replaceChildren(...(n ? [icon('back', { cls: 'icon-sm down' }), h('span', { text: `${count(n, 'new message')}` })] : []));
  }

  toBottom() {
    this.stick = true;
    this.scroller.scrollTo({ top: this.scroller.scrollHeight, behavior: 'smooth' });
    this.showUnseen(0);
  }

  /** The first page is in: show the newest messages, or where the unread ones start. */
  opened() {
    this.stick = true;
    this.render();
    const divider = this.items.querySelector('.unread-divider');
    if (divider && divider.offsetTop > this.scroller.clientHeight / 2) {
      this.scroller.scrollTop = divider.offsetTop - 80;
      this.stick = false;
    }
    this.store.actions.markRead(this.id);
  }

  destroy() {
    this.extensions.forEach((x) => x.destroy?.());
    this.headExtensions.forEach((x) => x.destroy?.());
    this.unsubs.forEach((u) => u());
    this.observer.disconnect();
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  renderHeader() {
    const s = this.store;
    const conv = s.conversations.get(this.id);
    if (!conv) return;
    this.title.textContent = s.title(conv);
    this.mutedMark.hidden = !s.muted.has(this.id);
    if (conv.kind === 'group') {
      this.headAvatar.replaceChildren(h('span', { class: 'avatar group-avatar', 'aria-hidden': 'true' }, h('span', { class: 'initials' }, icon('users'))));
    } else {
      const peer = s.peer(this.id);
      const pic = avatar(peer || {}, { presence: peer ? s.isOnline(peer.id) : null });
      this.headAvatar.replaceChildren(peer ? personLink(peer, pic, { 'aria-label': `Profile of ${peer.fullName || peer.username}` }) : pic);
    }
    this.renderTyping();
  }

  subtitleText() {
    const s = this.store;
    const conv = s.conversations.get(this.id);
    if (!conv) return '';
    if (conv.kind === 'group') {
      const n = s.members.get(this.id)?.size || conv.memberCount || 0;
      const online = s.others(this.id).filter((m) => s.isOnline((m.user || m).id)).length;
      return `${count(n, 'member')}${online ? ` · ${online} online` : ''}`;
    }
    const peer = s.peer(this.id);
    if (!peer) return '';
    const p = s.presence.get(peer.id);
    if (p?.online) return 'Online';
    return p?.lastSeenAt ? `Last seen ${formatAgo(p.lastSeenAt)}` : `@${peer.username}`;
  }

  renderTyping() {
    const typing = this.store.typingIn(this.id);
    const names = typing.map((u) => (u.fullName || u.username).split(' ')[0]);
    const text = !names.length ? '' : names.length === 1 ? `${names[0]} is typing` : names.length === 2 ? `${names[0]} and ${names[1]} are typing` : 'Several people are typing';
    this.typing.replaceChildren(...(text ? [h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), h('span', { text: `${text}…` })] : []));
    this.typing.classList.toggle('on', Boolean(text));
    this.subtitle.textContent = text ? `${text}…` : this.subtitleText();
    this.subtitle.classList.toggle('typing-text', Boolean(text));
  }

  render() {
    const s = this.store;
    const conv = s.conversations.get(this.id);
    const t = s.thread(this.id);
    const list = s.messagesOf(this.id);
    const group = conv?.kind === 'group';
    const before = this.scroller.scrollHeight - this.scroller.scrollTop;
    const nodes = [];
    let prev = null;
    let divided = false;
    const keep = new Map();
    for (const m of list) {
      const date = toDate(m.createdAt);
      if (!prev || !sameDay(toDate(prev.createdAt), date)) {
        nodes.push(h('div', { class: 'day', role: 'separator' }, h('span', { text: formatDay(date) })));
      }
      const own = m.senderId === s.me.id;
      const firstUnread = this.unreadAfter != null && m.seq > this.unreadAfter
        && (m.seq === this.unreadAfter + 1 || (prev?.seq && prev.seq <= this.unreadAfter));
      if (!divided && firstUnread && !own) {
        divided = true;
        nodes.push(h('div', { class: 'unread-divider', role: 'separator', 'aria-label': 'New messages' }, h('span', { text: 'New messages' })));
      }
      const first = !prev || prev.senderId !== m.senderId || date - toDate(prev.createdAt) > GROUP_GAP_MS || !sameDay(toDate(prev.createdAt), date);
      const status = own ? s.status(m) : null;
      const counts = group && own && m.seq ? s.receiptCounts(m) : null;
      const key = versionKey(m, status) + (first ? '|f' : '') + (counts ? `|${counts.read}/${counts.delivered}/${counts.of}` : '');
      let node = this.cache.get(key);
      if (!node) node = renderMessage(m, { store: s, own, first, showName: group, status, onAction: (...a) => this.action(...a) });
      keep.set(key, node);
      nodes.push(node);
      prev = m;
    }
    this.cache = keep;
    if (t.loaded && !list.length) nodes.push(this.emptyState(conv));
    this.top.replaceChildren(t.loading && t.loaded ? h('span', { class: 'spinner', 'aria-label': 'Loading older messages' })
      : (!t.hasOlder && t.loaded && list.length ? h('span', { class: 'faint', text: 'This is the beginning of the conversation.' }) : ''));
    if (!t.loaded) nodes.push(h('div', { class: 'skeleton msg-skeleton' }), h('div', { class: 'skeleton msg-skeleton own' }));
    reconcile(this.items, nodes);
    const newest = list[list.length - 1];
    if (!this.stick && newest && newest.seq && newest.seq > (this.newestSeen || 0) && this.newestSeen && newest.senderId !== s.me.id) {
      this.showUnseen(this.unseen + list.filter((m) => m.seq > this.newestSeen && m.senderId !== s.me.id).length);
    }
    if (newest?.seq) this.newestSeen = Math.max(this.newestSeen || 0, newest.seq);
    if (this.stick) this.scroller.scrollTop = this.scroller.scrollHeight;
    else this.scroller.scrollTop = this.scroller.scrollHeight - before;
    if (document.visibilityState === 'visible' && t.loaded) s.actions.markRead(this.id);
  }

  emptyState(conv) {
    const s = this.store;
    const peer = conv?.kind === 'group' ? null : s.peer(this.id);
    return h('div', { class: 'empty thread-empty' },
      peer ? avatar(peer, { size: 'lg' }) : icon('chat'),
      h('strong', { text: conv ? s.title(conv) : '' }),
      h('span', { text: peer ? `This is the start of your conversation with @${peer.username}.` : 'No messages yet. Say hello!' }));
  }

  async older() {
    const t = this.store.thread(this.id);
    if (!t.loaded || !t.hasOlder || t.loading) return;
    this.stick = false;
    try {
      await this.store.loadOlder(this.id);
    } catch (e) {
      toastError(e);
    }
  }

  action(kind, m, extra) {
    const s = this.store;
    switch (kind) {
      case 'reply': {
        const who = m.senderId === s.me.id ? 'yourself' : (s.users.get(m.senderId)?.fullName || 'message');
        return this.composer.setMode('reply', m, who);
      }
      case 'edit': return this.composer.setMode('edit', m);
      case 'delete':
        return confirmDialog('Delete message?', 'It will be deleted for everyone in this conversation.').then((yes) => {
          if (yes) s.actions.remove(this.id, m.id).catch(toastError);
        });
      case 'react': return s.actions.toggleReaction(m, extra).catch(toastError);
      case 'picker': return EmojiPicker.open(extra, (emoji) => s.actions.toggleReaction(m, emoji).catch(toastError), { label: 'Pick a reaction' });
      case 'retry': return s.actions.retry(this.id, m.clientMsgId);
      case 'discard': return s.actions.discard(this.id, m.clientMsgId);
      case 'jump': return this.jumpTo(m);
      default: return undefined;
    }
  }

  focus() {
    this.composer.focus();
  }

  /** Scrolls to a message and highlights it, paging back through history until it is loaded. */
  async jumpTo(messageId) {
    const s = this.store;
    this.jumping = messageId;
    await s.openThread(this.id);
    for (let page = 0; page < 20 && this.jumping === messageId; page += 1) {
      this.render();
      const target = this.items.querySelector(`[data-id="${CSS.escape(messageId)}"]`);
      if (target) {
        this.stick = false;
        target.scrollIntoView({ block: 'center' });
        target.classList.add('flash');
        target.focus({ preventScroll: true });
        setTimeout(() => target.classList.remove('flash'), 1600);
        return true;
      }
      if (!s.thread(this.id).hasOlder || !(await s.loadOlder(this.id))) break;
    }
    return false;
  }
}

/**
 * Makes parent's children exactly `nodes`, in order, touching only what changed: nodes already in
 * place are never moved, so focus and text selection inside them survive a new message arriving.
 */
function reconcile(parent, nodes) {
  const wanted = new Set(nodes);
  for (const child of [...parent.children]) if (!wanted.has(child)) child.remove();
  nodes.forEach((node, i) => {
    if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] || null);
  });
}
