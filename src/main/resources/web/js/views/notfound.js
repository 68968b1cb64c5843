// The app's own "not found" page: an unknown #/route, an unknown server path (the server answers
// such page loads with this app and a 404), or a person one may not see.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { session } from '../session.js';
import { home } from '../registry.js';

export function notFoundPage(title = 'Page not found', text = 'The address may be mistyped, or the page has moved.') {
  const target = session.signedIn ? '#' + home() : '#/signin';
  return h('div', { class: 'page not-found', dataset: { testid: 'not-found' } },
    h('div', { class: 'not-found-body' },
      h('span', { class: 'not-found-mark', 'aria-hidden': 'true' }, icon('logo')),
      h('h1', { text: title }),
      h('p', { class: 'muted', text: text }),
      h('a', { class: 'btn btn-primary', href: target, onclick: leaveServerPath },
        session.signedIn ? 'Back to your chats' : 'Go to sign in')));
}

/** On an unknown server path the link must also leave that path, not only change the hash. */
function leaveServerPath(e) {
  if (location.pathname === '/' || location.pathname === '/index.html') return;
  e.preventDefault();
  location.assign('/' + e.currentTarget.getAttribute('href'));
}

export function mount(outlet) {
  outlet.replaceChildren(notFoundPage());
}
