// The activity log: significant account events, newest first, paged with "Show older".
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { get } from '../http.js';
import { toastError } from '../toast.js';
import { formatFull, formatAgo } from '../format.js';

const KINDS = {
  'account.created': { text: 'Account created', icon: 'user', tone: 'accent' },
  'auth.signin': { text: 'Signed in', icon: 'login', tone: 'ok', detail: (d) => (d.via ? `${d.device} · with ${d.via}` : d.device) },
  'auth.password_set': { text: 'Password set', icon: 'lock', tone: 'accent' },
  'auth.provider_linked': { text: 'Linked account added', icon: 'link', tone: 'accent', detail: (d) => d.provider },
  'auth.provider_unlinked': { text: 'Linked account removed', icon: 'link', detail: (d) => d.provider },
  'auth.signout': { text: 'Signed out', icon: 'logout' },
  'auth.refresh': { text: 'Session renewed', icon: 'key' },
  'auth.session_revoked': { text: 'Revoked a session', icon: 'shield' },
  'auth.password_changed': { text: 'Password changed', icon: 'lock', tone: 'accent',
    detail: (d) => (d.sessionsRevoked ? `${d.sessionsRevoked} other session${d.sessionsRevoked === 1 ? '' : 's'} signed out` : '') },
  'auth.refresh_reuse_detected': { text: 'Suspicious sign-in blocked', icon: 'alert', tone: 'danger',
    detail: () => 'An old refresh token was reused; that session was ended.' },
  'profile.updated': { text: 'Profile updated', icon: 'edit' },
  'conversation.create': { text: 'Created a group', icon: 'users', tone: 'accent', detail: (d) => d.name },
  'conversation.join': { text: 'Joined a group', icon: 'users', tone: 'ok', detail: (d) => (d.via === 'code' ? 'With a join code' : 'With an invite link') },
  'conversation.leave': { text: 'Left a group', icon: 'logout', detail: (d) => (d.removedBy ? 'Removed by an admin' : '') },
};

function describe(item) {
  const k = KINDS[item.kind];
  if (k) return { ...k, sub: k.detail ? k.detail(item.detail || {}) : '' };
  const words = item.kind.replace(/[._]/g, ' ');
  return { text: words.charAt(0).toUpperCase() + words.slice(1), icon: 'activity', sub: '' };
}

export function mount(outlet) {
  const list = h('ul', { class: 'rows', 'aria-label': 'Activity', dataset: { testid: 'activity' } },
    h('li', { class: 'skeleton' }), h('li', { class: 'skeleton' }));
  const more = h('button', { type: 'button', class: 'btn btn-secondary', text: 'Show older' });
  const moreRow = h('div', { hidden: true }, more);
  outlet.replaceChildren(h('div', { class: 'page' },
    h('header', { class: 'page-head' },
      h('div', null, h('h1', { text: 'Activity' }), h('p', { text: 'Sign-ins, security changes and other account events.' }))),
    h('section', { class: 'card' }, h('div', { class: 'card-body' }, list, moreRow))));

  let before = null;
  let first = true;
  async function load() {
    more.disabled = true;
    try {
      const q = new URLSearchParams({ limit: '30' });
      if (before) q.set('before', before);
      const page = await get('/api/activity?' + q);
      if (first) list.replaceChildren();
      first = false;
      list.append(...page.items.map(row));
      if (!list.children.length) list.append(h('li', { class: 'empty' }, icon('activity'), h('strong', { text: 'Nothing yet' })));
      before = page.nextBefore;
      moreRow.hidden = !before;
    } catch (e) {
      toastError(e);
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  load();
}

function row(item) {
  const d = describe(item);
  const meta = [d.sub, item.ip].filter(Boolean).join(' · ');
  return h('li', { class: 'row', dataset: { kind: item.kind } },
    h('span', { class: `row-icon ${d.tone || ''}` }, icon(d.icon)),
    h('div', { class: 'row-main' },
      h('span', { class: 'row-title', text: d.text }),
      meta ? h('span', { class: 'row-sub', text: meta }) : null),
    h('time', { class: 'row-meta', datetime: item.createdAt, title: formatFull(item.createdAt), text: formatAgo(item.createdAt) }));
}
