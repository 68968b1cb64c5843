// Entry point: restores the session from the refresh cookie, then renders the view for the hash.
import { h, clear } from './dom.js';
import { icon } from './icons.js';
import { session } from './session.js';
import { route, current, go } from './router.js';
import { toast, toastError, clearToasts } from './toast.js';
import { Shell } from './views/shell.js';
import * as auth from './views/auth.js';
import * as profile from './views/profile.js';
import * as activity from './views/activity.js';
import * as chat from './views/chat.js';
import { messaging, stopMessaging } from './chat/client.js';

route('/signin', { public: true, view: auth.signin, title: 'Sign in' });
route('/signup', { public: true, view: auth.signup, title: 'Create account' });
route('/profile', { view: profile.mount, nav: 'profile', title: 'Profile' });
route('/activity', { view: activity.mount, nav: 'activity', title: 'Activity' });
route('/chats', { view: chat.mount, nav: 'chats', title: 'Chats', chat: true });
route('/chat/:id', { view: chat.mount, nav: 'chats', title: 'Chat', chat: true });
route('/join/:code', { view: chat.mount, nav: 'chats', title: 'Join', chat: true });

const root = document.getElementById('app');
let shell = null;
let cleanup = null;
let rendered = null;

function render() {
  const r = current();
  if (!r) { go(session.signedIn ? '/chats' : '/signin', { replace: true }); return; }
  if (!r.public && !session.signedIn) {
    go('/signin?next=' + encodeURIComponent(r.path), { replace: true });
    return;
  }
  if (r.public && session.signedIn) { go('/chats', { replace: true }); return; }
  document.title = `${r.title} · Juntos`;
  // Confirmations belong to the screen they were shown on; ones just made (before a redirect) stay.
  if (rendered && rendered.nav !== r.nav) clearToasts({ olderThan: 1500 });
  const keepChat = rendered?.chat && r.chat && cleanup?.update;
  if (keepChat) {
    // The chat view handles moving between conversations itself (keeps the socket and the list).
    cleanup.update(r.params, r);
    shell.setRoute(r);
    rendered = r;
    return;
  }
  if (typeof cleanup === 'function') cleanup();
  else cleanup?.destroy?.();
  cleanup = null;
  rendered = r;
  if (r.public) {
    shell?.destroy();
    shell = null;
    clear(root);
    cleanup = r.view(root, r.params, r);
  } else {
    if (!shell) {
      clear(root);
      shell = new Shell(root);
      const { store } = messaging();
      const unreadBadge = () => {
        const n = store.totalUnread();
        shell?.setUnread(n);
        document.title = document.title.replace(/^\(\d+\) /, '');
        if (n) document.title = `(${n}) ${document.title}`;
      };
      store.on('conversations', unreadBadge);
    }
    shell.setRoute(r);
    cleanup = r.view(shell.outlet, r.params, r);
  }
}

session.on((kind) => {
  if (kind === 'signedIn' && current()?.public) clearToasts();
  if (kind === 'revoked' || kind === 'originRefused') {
    stopMessaging();
    toastError(kind === 'revoked' ? 'Your session has ended. Please sign in again.'
      : `This server does not accept sign-ins kept from ${location.origin}. Open Juntos at the address its operator configured, `
        + 'or ask them to add this one to JUNTOS_ALLOWED_ORIGINS (or set JUNTOS_PUBLIC_URL).');
    render();
  } else if (kind === 'signedOut') {
    stopMessaging();
    clearToasts();
    // A deliberate sign-out starts over at the sign-in screen, without a "next" to return to.
    if (current()?.public) render();
    else go('/signin', { replace: true });
  } else if (kind === 'signedIn' && current()?.public) {
    const next = current().query.get('next');
    go(next && next.startsWith('/') ? next : '/chats', { replace: true });
  } else if (kind === 'user') {
    shell?.refreshUser();
  }
});

async function boot() {
  root.replaceChildren(h('div', { class: 'boot', 'aria-busy': 'true' },
    h('span', { class: 'brand-mark' }, icon('logo', { label: 'Loading Juntos' }))));
  try {
    await session.restore();
  } catch (e) {
    toast('Cannot reach the server. Retrying when you act again.', { kind: 'error' });
  }
  window.addEventListener('hashchange', render);
  render();
}

boot();
