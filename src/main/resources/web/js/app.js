// Entry point: restores the session from the refresh cookie, then mounts the view for the hash.
// Features register their routes, navigation and session services themselves (registry.js):
// adding one is its folder js/<feature>/ with an index.js and one import line here.
import './account/index.js';
import './chat/index.js';
import './providers/index.js';
import './rooms/index.js';
import './lists/index.js';
import './assist/index.js';
import './push/index.js';
import './calls/index.js';
import { arrivingFromProvider } from './views/providers.js';

import { h, clear } from './dom.js';
import { icon } from './icons.js';
import { session } from './session.js';
import { current, go } from './router.js';
import { home, onBadge, totalBadges } from './registry.js';
import { runtime, stopRuntime } from './runtime.js';
import { mountView } from './view.js';
import { toast, toastError, clearToasts } from './toast.js';
import { Shell } from './views/shell.js';
import { mount as notFound } from './views/notfound.js';

const root = document.getElementById('app');
let shell = null;
let view = null; // the mounted view instance {update, destroy}
let rendered = null; // the route it was mounted for

/** "(3) Chats · Juntos": the page title carries the features' badge total. */
function setTitle(r) {
  const n = totalBadges();
  document.title = `${n ? `(${n}) ` : ''}${(r || rendered)?.title || 'Juntos'} · Juntos`;
}
onBadge(() => setTitle());

/**
 * The not-found "route": for an unknown #/path, and for an unknown server path (the server answers
 * a browser's load of one with this app and a 404). Signed in it shows inside the shell.
 */
function notFoundRoute() {
  return { path: location.hash.replace(/^#/, ''), params: {}, query: new URLSearchParams(), view: notFound, title: 'Not found', anyone: true };
}

function unknownServerPath() {
  return location.pathname !== '/' && location.pathname !== '/index.html';
}

function render() {
  let r = current();
  const hashPath = location.hash.replace(/^#/, '').split('?')[0];
  if (unknownServerPath() || (!r && hashPath !== '' && hashPath !== '/')) r = notFoundRoute();
  if (!r) { go(session.signedIn ? home() : '/signin', { replace: true }); return; }
  // Not found is no reason to send anyone to sign in, nor away from it.
  if (!r.anyone && !r.public && !session.signedIn) {
    go('/signin?next=' + encodeURIComponent(r.path), { replace: true });
    return;
  }
  if (!r.anyone && r.public && session.signedIn) { go(home(), { replace: true }); return; }
  setTitle(r);
  // Confirmations belong to the screen they were shown on; ones just made (before a redirect) stay.
  if (rendered && rendered.nav !== r.nav) clearToasts({ olderThan: 1500 });
  if (view?.update && rendered?.view === r.view) {
    // The same view with other params (another conversation): it keeps what it holds on screen.
    shell?.setRoute(r);
    rendered = r;
    view.update(r.params, r);
    return;
  }
  view?.destroy();
  view = null;
  rendered = r;
  // On an unknown server path the shell's #links would stay on that path: the page stands alone.
  if (r.public || (r.anyone && (!session.signedIn || unknownServerPath()))) {
    shell?.destroy();
    shell = null;
    clear(root);
    view = mountView(r.view, root, r.params, r);
    return;
  }
  if (!shell) {
    clear(root);
    runtime(); // the session's socket and feature services, before any view needs them
    shell = new Shell(root);
  }
  shell.setRoute(r);
  view = mountView(r.view, shell.outlet, r.params, r);
}

session.on((kind) => {
  if (kind === 'signedIn' && current()?.public) clearToasts();
  if (kind === 'revoked' || kind === 'originRefused') {
    stopRuntime();
    toastError(kind === 'revoked' ? 'Your session has ended. Please sign in again.'
      : `This server does not accept sign-ins kept from ${location.origin}. Open Juntos at the address its operator configured, `
        + 'or ask them to add this one to JUNTOS_ALLOWED_ORIGINS (or set JUNTOS_PUBLIC_URL).');
    render();
  } else if (kind === 'signedOut') {
    stopRuntime();
    clearToasts();
    // A deliberate sign-out starts over at the sign-in screen, without a "next" to return to.
    if (current()?.public) render();
    else go('/signin', { replace: true });
  } else if (kind === 'signedIn' && current()?.public) {
    const next = current().query.get('next');
    go(next && next.startsWith('/') ? next : home(), { replace: true });
  } else if (kind === 'user') {
    shell?.refreshUser();
  }
});

async function boot() {
  root.replaceChildren(h('div', { class: 'boot', 'aria-busy': 'true' },
    h('span', { class: 'brand-mark' }, icon('logo', { label: 'Loading Juntos' }))));
  try {
    // Back from an identity provider, a refresh cookie is waiting even if this browser never signed in.
    await session.restore({ force: arrivingFromProvider() });
  } catch (e) {
    toast('Cannot reach the server. Retrying when you act again.', { kind: 'error' });
  }
  window.addEventListener('hashchange', render);
  render();
}

boot();
