// One message bubble: text (always textContent), reply quote, attachments, reactions, status.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { formatTime, formatFull } from '../format.js';
import { renderAttachments } from '../media.js';

const STATUS_LABEL = { pending: 'Sending', failed: 'Not sent', sent: 'Sent', delivered: 'Delivered', read: 'Read' };

/** A stable key for caching a rendered message: changes whenever anything visible changes. */
export function versionKey(m, status) {
  return [m.id || m.clientMsgId, m.seq, m.editedAt, m.deletedAt, JSON.stringify(m.reactions || []), status, m.failed, m.text,
    (m.attachments || []).length].join('|');
}

export function renderMessage(m, { store, own, first, showName, status, onAction }) {
  const sender = store.users.get(m.senderId) || (own ? store.me : null) || { username: '?' };
  const el = h('div', {
    class: `msg${own ? ' own' : ''}${first ? ' first' : ''}${m.deletedAt ? ' deleted' : ''}`,
    role: 'article', tabindex: '-1',
    dataset: { id: m.id || '', seq: m.seq || '', clientMsgId: m.clientMsgId || '', status: status || '' },
    'aria-label': `${own ? 'You' : sender.fullName || sender.username}, ${formatTime(m.createdAt)}`,
  });
  if (!own) el.append(first ? personLink(sender, avatar(sender, { size: 'sm' }), { tabindex: '-1', 'aria-hidden': 'true' }) : h('span', { class: 'avatar-gap' }));
  const bubble = h('div', { class: 'bubble' });
  if (showName && first && !own) bubble.append(personLink(sender, sender.fullName || sender.username, { class: 'sender' }));
  if (m.deletedAt) {
    bubble.append(h('p', { class: 'text gone' }, icon('trash', { cls: 'icon-sm' }), h('span', { text: own ? 'You deleted this message' : 'This message was deleted' })));
  } else {
    if (m.replyToId) bubble.append(replyQuote(store, m, onAction));
    if (m.attachments?.length) bubble.append(renderAttachments(m.attachments));
    if (m.text) bubble.append(h('p', { class: 'text', dir: 'auto' }, linkify(m.text)));
  }
  // A deleted message has nothing left to be delivered or read: no ticks.
  bubble.append(meta(m, own, m.deletedAt ? null : status, onAction, showName && own && m.seq ? store.receiptCounts(m) : null));
  el.append(h('div', { class: 'stack' }, bubble, reactions(m, store, onAction), !m.deletedAt && m.seq ? actions(m, own, onAction) : null));
  return el;
}

/** A link to a person's profile page (the account feature's #/people/<id>) around content. */
export function personLink(user, content, attrs = {}) {
  if (!user?.id) return typeof content === 'string' ? h('span', { ...attrs, text: content }) : content;
  const a = h('a', { ...attrs, class: `person-link ${attrs.class || ''}`.trim(), href: `#/people/${encodeURIComponent(user.id)}` });
  if (typeof content === 'string') a.textContent = content; else a.append(content);
  return a;
}

function replyQuote(store, m, onAction) {
  const original = store.thread(m.conversationId).bySeq.size
    ? [...store.thread(m.conversationId).bySeq.values()].find((x) => x.id === m.replyToId) : null;
  const who = original ? (original.senderId === store.me.id ? 'You' : (store.users.get(original.senderId)?.fullName || 'Someone')) : 'Reply';
  const text = original ? (original.deletedAt ? 'Deleted message' : original.text || 'Attachment') : 'Earlier message';
  return h('button', { type: 'button', class: 'quote', onclick: () => onAction('jump', m.replyToId) },
    h('span', { class: 'quote-who', text: who }), h('span', { class: 'quote-text', text }));
}

function meta(m, own, status, onAction, counts) {
  const time = h('time', { datetime: m.createdAt, title: formatFull(m.createdAt), text: formatTime(m.createdAt) });
  const parts = [m.editedAt && !m.deletedAt ? h('span', { class: 'edited', text: 'edited' }) : null, time];
  if (own && status) {
    // WhatsApp's marks: one tick sent, two grey ticks delivered, two coloured ticks read.
    const names = { pending: 'clock', failed: 'alert', sent: 'check', delivered: 'checks', read: 'checks' };
    // In groups, say how far it got: "Read by 2 of 3 · delivered to 3".
    const label = counts && counts.of > 1 && status !== 'pending' && status !== 'failed'
      ? `Read by ${counts.read} of ${counts.of} · delivered to ${counts.delivered}` : STATUS_LABEL[status];
    parts.push(h('span', { class: `status ${status}`, title: label, dataset: { status } },
      icon(names[status], { cls: 'icon-sm', label })));
  }
  const el = h('div', { class: 'meta' }, parts);
  if (status === 'failed') {
    el.append(h('button', { type: 'button', class: 'link-btn', text: 'Retry', onclick: () => onAction('retry', m) }),
      h('button', { type: 'button', class: 'link-btn', text: 'Discard', onclick: () => onAction('discard', m) }));
  }
  return el;
}

function reactions(m, store, onAction) {
  if (!m.reactions?.length || m.deletedAt) return null;
  return h('div', { class: 'reactions' }, m.reactions.map((r) => {
    const mine = r.userIds?.includes(store.me.id);
    const who = (r.userIds || []).map((id) => (id === store.me.id ? 'You' : store.users.get(id)?.fullName || 'someone')).join(', ');
    return h('button', {
      type: 'button', class: 'reaction', 'aria-pressed': String(Boolean(mine)), title: who,
      'aria-label': `${r.emoji} ${r.count}${mine ? ', including you' : ''}`, dataset: { emoji: r.emoji },
      onclick: () => onAction('react', m, r.emoji),
    }, h('span', { text: r.emoji }), h('span', { class: 'count', text: String(r.count) }));
  }));
}

function actions(m, own, onAction) {
  const bar = h('div', { class: 'msg-actions', role: 'toolbar', 'aria-label': 'Message actions' });
  const btn = (name, label, fn) => h('button', { type: 'button', class: 'icon-btn sm', 'aria-label': label, title: label, onclick: fn }, icon(name, { cls: 'icon-sm' }));
  bar.append(btn('smile', 'React', (e) => onAction('picker', m, e.currentTarget)), btn('reply', 'Reply', () => onAction('reply', m)));
  if (own) bar.append(btn('edit', 'Edit', () => onAction('edit', m)), btn('trash', 'Delete', () => onAction('delete', m)));
  return bar;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;

/** Text with http(s) links made clickable; everything else stays plain text nodes. */
export function linkify(text) {
  const out = [];
  let at = 0;
  for (const match of text.matchAll(URL_RE)) {
    out.push(text.slice(at, match.index));
    let href = null;
    try { href = new URL(match[0]).href; } catch { /* not a URL after all */ }
    out.push(href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow', text: match[0] }) : match[0]);
    at = match.index + match[0].length;
  }
  out.push(text.slice(at));
  return out;
}
