// The conversation list: search, new-conversation button, rows with last message, unread badge,
// presence and typing. Message search results appear under the matching conversations.
// Rendered with lit-html (docs/web-client.md): rows are keyed by conversation id, so a new message
// updates its row's text in place instead of rebuilding the list, and the search field keeps focus.
import { html, render, repeat, nothing } from '../lit.js';
import { iconT } from '../icons.js';
import { avatar } from '../avatar.js';
import { formatStamp } from '../format.js';
import { rest } from './rest.js';
import { openNewChat } from './dialogs.js';
import { count } from './words.js';

const CONNECTION = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'You are offline. Messages will be sent when you reconnect.',
};

export class ConversationList {
  constructor(store) {
    this.store = store;
    this.activeId = null;
    this.query = '';
    this.results = null;
    this.archivedOpen = false; // showing the "Archived" section instead of the main list
    this.connection = store.state.connection;
    this.avatars = new Map(); // conversation id -> {key, node}: avatar nodes load pictures, keep them
    this.el = document.createElement('aside');
    this.el.className = 'conv-pane';
    this.el.setAttribute('aria-label', 'Conversations');
    this.unsubs = [
      store.on('conversations', () => this.schedule()),
      store.select((s) => s.connection, (c) => { this.connection = c; this.schedule(); }),
    ];
    this.typingTimer = setInterval(() => this.schedule(), 3000);
    // Reaching the end of the list loads the next page of conversations (the server pages by 200).
    this.more = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.loadMore();
    }, { root: null, rootMargin: '0px 0px 300px 0px' });
    this.render();
  }

  loadMore() {
    if (!this.store.nextCursor || this.store.paging) return;
    this.store.loadMore().catch(() => {}).finally(() => this.schedule());
    this.schedule();
  }

  /** Keeps the observer on the current "load more" row (lit-html may replace it). */
  watchMore() {
    const row = this.el.querySelector('[data-testid=load-more]');
    if (row === this.watched) return;
    if (this.watched) this.more.unobserve(this.watched);
    this.watched = row;
    if (row) this.more.observe(row);
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    clearInterval(this.typingTimer);
    this.more.disconnect();
    cancelAnimationFrame(this.pending);
  }

  setActive(id) {
    this.activeId = id;
    this.render();
  }

  schedule() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.render(); });
  }

  onSearch(value) {
    this.query = value.trim();
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
    const state = this.connection;
    const conn = CONNECTION[state];
    render(html`<header class="pane-head">
        <h1>Chats</h1>
        <button type="button" class="icon-btn accent" aria-label="New conversation" title="New conversation" data-action="new-chat"
          @click=${() => openNewChat(s)}>${iconT('plus')}</button>
      </header>
      <div class="search">${iconT('search', { cls: 'icon-sm' })}<input type="search" class="input search-input" placeholder="Search"
        aria-label="Search conversations and messages" autocomplete="off" @input=${(e) => this.onSearch(e.target.value)}></div>
      <div class=${`conn${state === 'offline' ? ' offline' : ''}`} role="status" aria-live="polite" ?hidden=${!conn}>${conn
        ? html`${state === 'offline' ? iconT('wifiOff', { cls: 'icon-sm' }) : html`<span class="spinner" aria-hidden="true"></span>`}<span>${conn}</span>`
        : nothing}</div>
      ${this.archivedOpen ? html`<div class="list-head"><button type="button" class="icon-btn sm" aria-label="Back to chats"
        @click=${() => { this.archivedOpen = false; this.render(); }}>${iconT('back', { cls: 'icon-sm' })}</button><h2>Archived</h2></div>` : nothing}
      <div class="conv-list" role="list" aria-label=${this.archivedOpen ? 'Archived conversations' : 'Conversations'} data-testid="conversations">${this.rows()}</div>`, this.el);
    this.watchMore();
  }

  rows() {
    const s = this.store;
    let convs = [...s.conversations.values()].sort((a, b) =>
      Date.parse(s.lastMessage(b.id)?.createdAt || b.updatedAt || b.createdAt) - Date.parse(s.lastMessage(a.id)?.createdAt || a.updatedAt || a.createdAt));
    const q = this.query.toLowerCase();
    // Searching looks everywhere; otherwise archived ones live in their own section.
    const archived = convs.filter((c) => c.archived);
    if (q) convs = convs.filter((c) => s.title(c).toLowerCase().includes(q) || (s.peer(c.id)?.username || '').includes(q));
    else convs = this.archivedOpen ? archived : convs.filter((c) => !c.archived);
    let after = nothing;
    if (!s.loaded) after = html`<div class="skeleton conv-skeleton"></div><div class="skeleton conv-skeleton"></div>`;
    else if (!convs.length && !q && this.archivedOpen) after = html`<p class="list-note">No archived conversations.</p>`;
    else if (!s.conversations.size && !q) {
      after = html`<div class="empty">${iconT('chat')}<strong>No conversations yet</strong>
        <span>Start one with a username, create a group or join with a code.</span>
        <button type="button" class="btn btn-primary" @click=${() => openNewChat(s)}>${iconT('plus')}New conversation</button></div>`;
    } else if (!convs.length && q && !this.results?.length) after = html`<p class="list-note">Nothing matches “${this.query}”.</p>`;
    const results = this.results?.length
      ? html`<h2 class="list-section">Messages</h2>${this.results.map((r) => this.resultRow(r))}`
      : nothing;
    const archivedRow = !q && !this.archivedOpen && archived.length ? html`<button type="button" class="conv archived-row" data-testid="archived"
        @click=${() => { this.archivedOpen = true; this.render(); }}><span class="row-icon">${iconT('archive')}</span>
        <span class="conv-name">Archived</span>${archived.some((c) => c.unread > 0)
          ? html`<span class="badge" title="Unread messages in archived conversations">${String(archived.filter((c) => c.unread > 0).length)}</span>`
          : html`<span class="faint">${String(archived.length)}</span>`}</button>` : nothing;
    const more = s.nextCursor ? html`<div class="list-note load-more" data-testid="load-more">${s.paging
      ? html`<span class="spinner" aria-label="Loading more conversations"></span>`
      : html`<button type="button" class="btn btn-secondary btn-sm" @click=${() => this.loadMore()}>Load more conversations</button>`}</div>` : nothing;
    return html`${archivedRow}${repeat(convs, (c) => c.id, (c) => this.row(c))}${after}${more}${results}`;
  }

  /** The avatar node of a row, kept while the peer, its picture and its presence stay the same. */
  avatarOf(c) {
    const s = this.store;
    if (c.kind === 'group') return html`<span class="avatar group-avatar" aria-hidden="true"><span class="initials">${iconT('users')}</span></span>`;
    const peer = s.peer(c.id);
    const online = peer ? s.isOnline(peer.id) : null;
    const key = `${peer?.id}|${peer?.avatarUrl || ''}|${peer?.fullName || ''}|${online}`;
    const kept = this.avatars.get(c.id);
    if (kept?.key === key) return kept.node;
    const node = avatar(peer || {}, { presence: online });
    this.avatars.set(c.id, { key, node });
    return node;
  }

  row(c) {
    const s = this.store;
    const last = s.lastMessage(c.id);
    const typing = s.typingIn(c.id);
    let preview;
    if (typing.length) preview = html`<span class="typing-text">${`${c.kind === 'group' ? (typing[0].fullName || typing[0].username) + ' is ' : ''}typing…`}</span>`;
    else if (last) {
      const who = last.senderId === s.me.id ? 'You: ' : (c.kind === 'group' ? `${(s.users.get(last.senderId)?.fullName || '').split(' ')[0] || 'Someone'}: ` : '');
      const body = last.deletedAt ? 'Message deleted' : (last.text || attachmentSummary(last.attachments));
      preview = html`<span>${who + body}</span>`;
    } else preview = html`<span class="faint">${c.kind === 'group' ? count(c.memberCount || 1, 'member') : 'Say hello 👋'}</span>`;
    const active = c.id === this.activeId;
    const unread = c.unread > 0 && !active;
    const title = s.title(c);
    return html`<a class=${`conv${active ? ' active' : ''}${unread ? ' unread' : ''}`} href=${`#/chat/${encodeURIComponent(c.id)}`}
        role="listitem" data-conv=${c.id} data-title=${title} aria-current=${active ? 'page' : nothing}
        aria-label=${`${title}${unread ? `, ${c.unread} unread` : ''}${s.muted.has(c.id) ? ', muted' : ''}`}>${this.avatarOf(c)}<div class="conv-main">
        <div class="conv-top"><span class="conv-name">${title}</span>${last
          ? html`<time class="conv-time" datetime=${last.createdAt}>${formatStamp(last.createdAt)}</time>` : nothing}</div>
        <div class="conv-bottom"><span class="conv-preview">${preview}</span>${s.muted.has(c.id)
          ? html`<span class="muted-mark" title="Muted" data-testid="muted">${iconT('bellOff', { cls: 'icon-sm' })}<span class="sr-only">Muted</span></span>` : nothing}${unread
          ? html`<span class="badge" data-testid="unread">${c.unread > 99 ? '99+' : String(c.unread)}</span>` : nothing}</div>
      </div></a>`;
  }

  resultRow(r) {
    const m = r.message || r;
    const conv = this.store.conversations.get(m.conversationId);
    return html`<a class="conv result" href=${`#/chat/${encodeURIComponent(m.conversationId)}?m=${encodeURIComponent(m.id)}`} role="listitem">
      <span class="row-icon">${iconT('search')}</span><div class="conv-main">
        <div class="conv-top"><span class="conv-name">${conv ? this.store.title(conv) : 'Conversation'}</span>
          <time class="conv-time">${formatStamp(m.createdAt)}</time></div>
        <div class="conv-bottom"><span class="conv-preview">${highlight(m.text || '', this.query)}</span></div>
      </div></a>`;
  }
}

/** Text with each occurrence of the query wrapped in <mark> (bound as text, never parsed). */
function highlight(text, query) {
  if (!query) return [text];
  const out = [];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, at)) {
    out.push(text.slice(at, i), html`<mark>${text.slice(i, i + q.length)}</mark>`);
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
