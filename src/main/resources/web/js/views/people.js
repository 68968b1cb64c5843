// Another person's profile (#/people/<userId>): name, username, picture, bio and a button to
// message them. The server shows it only to people who share a conversation or room with them
// (else 404, shown here as "not found"); a deleted account shows as such, without the button.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { get, post } from '../http.js';
import { session } from '../session.js';
import { go } from '../router.js';
import { toastError } from '../toast.js';
import { notFoundPage } from './notfound.js';

export function mount(outlet, params) {
  let gone = false;
  const card = h('section', { class: 'card person-card', 'aria-busy': 'true' }, h('div', { class: 'card-body' }, h('div', { class: 'skeleton' })));
  const page = h('div', { class: 'page narrow' },
    h('header', { class: 'page-head' }, h('div', null,
      h('a', { class: 'back-link', href: '#/chats', onclick: back }, icon('back', { cls: 'icon-sm' }), 'Back'),
      h('h1', { text: 'Profile' }))),
    card);
  outlet.replaceChildren(page);
  get(`/api/people/${encodeURIComponent(params.id)}`).then((p) => {
    if (gone) return;
    card.removeAttribute('aria-busy');
    card.firstChild.replaceChildren(...person(p));
  }, (e) => {
    if (gone) return;
    if (e.status === 404) outlet.replaceChildren(notFoundPage('We can’t find this person',
      'They may not exist, or you don’t share a conversation or room with them.'));
    else toastError(e);
  });
  return { destroy() { gone = true; } };
}

function back(e) {
  if (history.length > 1) { e.preventDefault(); history.back(); }
}

function person(p) {
  const me = p.id === session.user?.id;
  const who = h('div', { class: 'person-id' }, avatar(p.deleted ? { fullName: p.fullName } : p, { size: 'xl' }),
    h('div', { class: 'who' },
      h('strong', { class: 'person-name', text: p.fullName, dataset: { testid: 'person-name' } }),
      p.username ? h('span', { class: 'muted', text: '@' + p.username, dataset: { testid: 'person-username' } }) : null,
      p.deleted ? h('span', { class: 'pill', text: 'This account was deleted' }) : null,
      p.bio ? h('p', { class: 'person-bio', text: p.bio }) : null));
  if (p.deleted) return [who];
  const action = me
    ? h('a', { class: 'btn btn-secondary', href: '#/profile' }, icon('user', { cls: 'icon-sm' }), 'Edit your profile')
    : h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'message' } }, icon('chat', { cls: 'icon-sm' }), 'Message');
  if (!me) {
    action.addEventListener('click', async () => {
      action.disabled = true;
      try {
        const c = await post('/api/conversations/direct', { userId: p.id });
        go(`/chat/${encodeURIComponent(c.id)}`);
      } catch (e) {
        action.disabled = false;
        toastError(e);
      }
    });
  }
  return [who, h('div', { class: 'person-actions' }, action)];
}
