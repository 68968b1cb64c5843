// The conversation list: search, new-conversation button, rows with last message, unread badge,
// presence and typing. Message search results appear under the matching conversations.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { formatStamp } from '../format.js';
import { rest } from './rest.js';
import { openNewChat } from './dialogs.js';

export class ConversationList {
  constructor(store) {
    this.store = store;
    this.activeId = null;
    this.query = '';
    this.results = null;
    this.search = h('input', { type: 'search', class: 'input search-input', placeholder: 'Search', 'aria-label': 'Search conversations and messages', autocomplete: 'off' });
    this.search.addEventListener('input', () => this.onSearch());
    this.list = h('div', { class: 'conv-list', role: 'list', 'aria-label': 'Conversations', dataset: { testid: 'conversations' } });
    this.connection = h('div', { class: 'conn', role: 'status', 'aria-live': 'polite', hidden: true });
    this.el = h('aside', { class: 'conv-pane', 'aria-label': 'Conversations' },
      h('header', { class: 'pane-head' },
        h('h1', { text: 'Chats' }),
        h('button', { type: 'button', class: 'icon-btn accent', 'aria-label': 'New conversation', title: 'New conversation', dataset: { action: 'new-chat' },
          onclick: () => openNewChat(store) }, icon('plus'))),
      h('div', { class: 'search' }, icon('search', { cls: 'icon-sm' }), this.search),
      this.connection, this.list);
    this.unsubs = [
      store.on('conversations', () => this.schedule()),
      store.select((s) => s.connection, (c) => this.showState(c)),
    ];
    this.typingTimer = setInterval(() => this.schedule(), 3000);
    this.render();
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    clearInterval(this.typingTimer);
  }

  setActive(id) {
    this.activeId = id;
    this.render();
  }

  schedule() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.render(); });
  }

  showState(state) {
    const text = { connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'You are offline. Messages will be sent when you reconnect.' }[state];
    this.connection.hidden = !text;
    const sign = state === 'offline' ? icon('wifiOff', { cls: 'icon-sm' }) : h('span', { class: 'spinner', 'aria-hidden': 'true' });
    this.connection.replaceChildren(...(text ? [sign, h('span', { text })] : []));
    this.connection.classList.toggle('offline', state === 'offline');
  }

  onSearch() {
    this.query = this.search.value.trim();
    clearTimeout(this.searchTimer);
    this.results = null;
    this.render();
    if (this.query.length < 2) return;
    const q = this.query;
    this.searchTimer = setTimeout(async () => {
      try {
        const results = await rest.search(q);
        if (q === this.query) { this.results = results; this.render(); }
      } catch { /* message search unavailable: the name filter still works */ }
    }, 250);
  }

  render() {
    const s = this.store;
    let convs = [...s.conversations.values()].sort((a, b) =>
      Date.parse(s.lastMessage(b.id)?.createdAt || b.updatedAt || b.createdAt) - Date.parse(s.lastMessage(a.id)?.createdAt || a.updatedAt || a.createdAt));
    const q = this.query.toLowerCase();
    if (q) convs = convs.filter((c) => s.title(c).toLowerCase().includes(q) || (s.peer(c.id)?.username || '').includes(q));
    const rows = convs.map((c) => this.row(c));
    if (!s.loaded) rows.push(h('div', { class: 'skeleton conv-skeleton' }), h('div', { class: 'skeleton conv-skeleton' }));
    else if (!rows.length && !q) {
      rows.push(h('div', { class: 'empty' }, icon('chat'), h('strong', { text: 'No conversations yet' }),
        h('span', { text: 'Start one with a username, create a group or join with a code.' }),
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => openNewChat(s) }, icon('plus'), 'New conversation')));
    } else if (!rows.length && !this.results?.length) rows.push(h('p', { class: 'list-note', text: `Nothing matches “${this.query}”.` }));
    if (this.results?.length) {
      rows.push(h('h2', { class: 'list-section', text: 'Messages' }), ...this.results.map((r) => this.resultRow(r)));
    }
    this.list.replaceChildren(...rows);
  }

  row(c) {
    const s = this.store;
    const peer = c.kind === 'group' ? null : s.peer(c.id);
    const last = s.lastMessage(c.id);
    const typing = s.typingIn(c.id);
    let preview;
    if (typing.length) preview = h('span', { class: 'typing-text', text: `${c.kind === 'group' ? (typing[0].fullName || typing[0].username) + ' is ' : ''}typing…` });
    else if (last) {
      const who = last.senderId === s.me.id ? 'You: ' : (c.kind === 'group' ? `${(s.users.get(last.senderId)?.fullName || '').split(' ')[0] || 'Someone'}: ` : '');
      const body = last.deletedAt ? 'Message deleted' : (last.text || attachmentSummary(last.attachments));
      preview = h('span', { text: who + body });
    } else preview = h('span', { class: 'faint', text: c.kind === 'group' ? `${c.memberCount || 1} members` : 'Say hello 👋' });
    const unread = c.unread > 0 && c.id !== this.activeId;
    const av = c.kind === 'group'
      ? h('span', { class: 'avatar group-avatar', 'aria-hidden': 'true' }, h('span', { class: 'initials' }, icon('users')))
      : avatar(peer || {}, { presence: peer ? s.isOnline(peer.id) : null });
    const title = s.title(c);
    return h('a', {
      class: `conv${c.id === this.activeId ? ' active' : ''}${unread ? ' unread' : ''}`, href: `#/chat/${encodeURIComponent(c.id)}`,
      role: 'listitem', dataset: { conv: c.id, title }, 'aria-current': c.id === this.activeId ? 'page' : null,
      'aria-label': `${title}${unread ? `, ${c.unread} unread` : ''}`,
    }, av,
    h('div', { class: 'conv-main' },
      h('div', { class: 'conv-top' }, h('span', { class: 'conv-name', text: title }),
        last ? h('time', { class: 'conv-time', datetime: last.createdAt, text: formatStamp(last.createdAt) }) : null),
      h('div', { class: 'conv-bottom' }, h('span', { class: 'conv-preview' }, preview),
        unread ? h('span', { class: 'badge', dataset: { testid: 'unread' }, text: c.unread > 99 ? '99+' : String(c.unread) }) : null)));
  }

  resultRow(r) {
    const m = r.message || r;
    const conv = this.store.conversations.get(m.conversationId);
    return h('a', { class: 'conv result', href: `#/chat/${encodeURIComponent(m.conversationId)}?m=${encodeURIComponent(m.id)}`, role: 'listitem' },
      h('span', { class: 'row-icon' }, icon('search')),
      h('div', { class: 'conv-main' },
        h('div', { class: 'conv-top' }, h('span', { class: 'conv-name', text: conv ? this.store.title(conv) : 'Conversation' }),
          h('time', { class: 'conv-time', text: formatStamp(m.createdAt) })),
        h('div', { class: 'conv-bottom' }, h('span', { class: 'conv-preview' }, highlight(m.text || '', this.query)))));
  }
}

/** Text with each occurrence of the query wrapped in <mark>, built from text nodes. */
function highlight(text, query) {
  if (!query) return [text];
  const out = [];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, at)) {
    out.push(text.slice(at, i), h('mark', { text: text.slice(i, i + q.length) }));
    at = i + q.length;
  }
  out.push(text.slice(at));
  return out;
}

/** "Photo", "2 videos", "File"… for a message that has attachments and no text. */
function attachmentSummary(list = []) {
  if (!list.length) return '';
  const kinds = list.map((a) => (a.contentType || '').split('/')[0]);
  const same = kinds.every((k) => k === kinds[0]);
  const word = !same ? 'attachment' : kinds[0] === 'image' ? 'photo' : kinds[0] === 'video' ? 'video' : 'file';
  const text = list.length === 1 ? word : `${list.length} ${word}s`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
