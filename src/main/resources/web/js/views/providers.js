// Sign-in with identity providers (Google, Facebook, any OpenID Connect provider): the buttons on
// the sign-in screen, the "choose a username" step, the landing after the provider, and the linked
// accounts card on the profile. The server keeps the flow (state, nonce, PKCE); the browser only
// navigates to the provider's URL at top level and comes back to /api/auth/oidc/<name>/callback,
// which redirects here with an outcome code (never a token) in the hash.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { get, post, del } from '../http.js';
import { session } from '../session.js';
import { field, submitting, banner } from '../forms.js';
import { toast, toastError } from '../toast.js';
import { formatFull } from '../format.js';

const ERRORS = {
  provider_unreachable: (p) => `${p} can't be reached right now. Try again in a moment.`,
  provider_error: (p) => `${p} could not complete the sign-in. Try again.`,
  consent_refused: (p) => `You cancelled at ${p}, so nothing was shared and you're not signed in.`,
  token_invalid: (p) => `${p}'s answer could not be verified, so we did not sign you in. Try again.`,
  state_mismatch: () => 'This sign-in did not start in this browser (or the link was changed). Start again here.',
  flow_used: () => 'This sign-in link was already used. Start again if you still need to sign in.',
  flow_expired: () => 'That took too long and the sign-in expired. Start again.',
  identity_taken: (p) => `This ${p} account is already linked to another Juntos account. Sign in to that account to unlink it first.`,
  provider_already_linked: (p) => `Your account is already linked to another ${p} account. Unlink it first.`,
  account_exists: (p) => `An account with the e-mail of this ${p} account already exists. Sign in with your password, then link ${p} from your profile.`,
};

let cached = null;

/** The configured providers (fetched once per page load). */
function providers() {
  if (!cached) cached = get('/api/auth/providers', { auth: false }).then((r) => r.providers).catch(() => { cached = null; return []; });
  return cached;
}

async function displayName(name) {
  const list = await providers();
  return list.find((p) => p.name === name)?.displayName || 'The provider';
}

/** A person-readable sentence for an outcome code from the callback. */
export function errorText(code, providerName) {
  const text = ERRORS[code];
  return text ? text(providerName) : `Signing in with ${providerName} did not work. Try again.`;
}

/** True when the page was opened by the callback after a successful sign-in (a refresh cookie is waiting). */
export function arrivingFromProvider() {
  return location.hash.startsWith('#/oidc/done');
}

/** Asks the server for the provider URL and goes there (a top-level navigation, allowed by the CSP). */
export async function goToProvider(name, purpose = 'signin') {
  const { authorizationUrl } = await post(`/api/auth/oidc/${encodeURIComponent(name)}/start`, { purpose }, { auth: purpose === 'link' });
  location.assign(authorizationUrl);
}

/** The sign-in screen's provider buttons (nothing when none is configured) and the last outcome. */
export function signinProviders(r) {
  const box = h('div', { class: 'providers', dataset: { testid: 'providers' }, hidden: true });
  const note = banner();
  const code = r.query.get('oidc_error');
  if (code) {
    displayName(r.query.get('provider')).then((name) => {
      note.replaceChildren(icon('alert', { cls: 'icon-sm' }), h('span', { text: errorText(code, name) }));
    });
  }
  providers().then((list) => {
    if (!list.length) return;
    const buttons = list.map((p) => {
      const b = h('button', { type: 'button', class: 'btn btn-secondary btn-block provider-btn', dataset: { provider: p.name } },
        h('span', { class: 'provider-mark', 'aria-hidden': 'true', text: p.displayName.slice(0, 1) }),
        h('span', { text: `Continue with ${p.displayName}` }));
      b.addEventListener('click', () => start(b, p));
      return b;
    });
    box.replaceChildren(h('div', { class: 'or', role: 'separator' }, h('span', { text: 'or' })), ...buttons);
    box.hidden = false;
  });
  return h('div', { class: 'providers-wrap' }, note, box);
}

async function start(button, p, purpose = 'signin') {
  button.disabled = true;
  try {
    await goToProvider(p.name, purpose);
  } catch (e) {
    button.disabled = false;
    toastError(e);
  }
}

/** #/oidc/done: the app restores the session from the cookie first; if that failed, say so. */
export function done(root) {
  root.append(h('div', { class: 'auth' }, h('main', { class: 'auth-card' },
    h('div', { class: 'auth-head' }, h('span', { class: 'brand-mark' }, icon('logo')), h('h1', { text: 'Sign-in did not finish' }),
      h('p', { class: 'muted', text: 'Your browser may be blocking cookies for this site. Allow them and try again.' })),
    h('a', { class: 'btn btn-primary btn-block', href: '#/signin', text: 'Back to sign in' }))));
}

/** #/oidc/username: a new account whose proposed username is taken; the person chooses one. */
export function chooseUsername(root) {
  const username = field({ name: 'username', label: 'Username', autocomplete: 'username', required: true, maxlength: 32,
    hint: '3–32 characters: letters, numbers, dots and underscores.' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: 'Create account' });
  const intro = h('p', { class: 'muted', text: 'One more step.' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Choose a username' }, banner(), username.wrap, button);
  root.append(h('div', { class: 'auth' }, h('main', { class: 'auth-card' },
    h('div', { class: 'auth-head' }, h('span', { class: 'brand-mark' }, icon('logo')), h('h1', { text: 'Choose a username' }), intro),
    form, h('p', { class: 'auth-foot' }, 'Changed your mind? ', h('a', { href: '#/signin', text: 'Back to sign in' })))));
  get('/api/auth/oidc/pending', { auth: false }).then((p) => {
    intro.textContent = `Your ${p.displayName} account is verified. Your first choice of username is taken; pick the one people will find you by.`;
    username.input.value = p.suggestion || '';
    username.input.focus();
    username.input.select();
  }).catch((e) => {
    intro.textContent = e.code === 'flow_expired' ? errorText('flow_expired') : e.message;
    button.disabled = true;
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const grant = await submitting(form, button, () => post('/api/auth/oidc/pending', { username: username.input.value.trim() }, { auth: false }));
    if (grant) {
      session.adopt(grant);
      toast(`Welcome to Juntos, ${grant.user.fullName}!`);
    }
  });
}

/**
 * The profile's "Linked accounts" card: linked providers with Unlink, the others with Link.
 * `onCredentials({hasPassword})` tells the password card whether to ask for a current password.
 */
export function linkedAccountsCard(r, onCredentials) {
  const list = h('ul', { class: 'rows', 'aria-label': 'Linked accounts', dataset: { testid: 'linked-accounts' } }, h('li', { class: 'skeleton' }));
  const note = banner();
  const el = h('section', { class: 'card', hidden: true }, h('div', { class: 'card-body' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Linked accounts' }),
      h('p', { text: 'Sign in with these as well as (or instead of) your password.' })), note, list));
  const linked = r?.query.get('linked');
  const code = r?.query.get('oidc_error');

  async function load() {
    let data;
    try {
      data = await get('/api/profile/identities');
    } catch (e) {
      toastError(e);
      return;
    }
    onCredentials?.({ hasPassword: data.hasPassword });
    el.hidden = !data.providers.length && !data.identities.length;
    const mine = new Map(data.identities.map((i) => [i.provider, i]));
    const rows = data.identities.map((i) => linkedRow(i, data));
    for (const p of data.providers) if (!mine.has(p.name)) rows.push(unlinkedRow(p));
    list.replaceChildren(...rows);
    if (code) displayName(r.query.get('provider')).then((name) => note.replaceChildren(icon('alert', { cls: 'icon-sm' }), h('span', { text: errorText(code, name) })));
  }

  function linkedRow(i, data) {
    const lastWay = !data.hasPassword && data.identities.length === 1;
    const button = h('button', { type: 'button', class: 'btn btn-danger btn-sm', text: 'Unlink', 'aria-label': `Unlink ${i.displayName}` });
    if (lastWay) {
      button.disabled = true;
      button.title = 'Set a password first: this is the only way into your account.';
    }
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await del(`/api/profile/identities/${encodeURIComponent(i.provider)}`);
        toast(`${i.displayName} unlinked.`);
        load();
      } catch (e) {
        button.disabled = false;
        toastError(e);
      }
    });
    return h('li', { class: 'row', dataset: { provider: i.provider, linked: 'true' } },
      h('span', { class: 'row-icon accent provider-mark', 'aria-hidden': 'true', text: i.displayName.slice(0, 1) }),
      h('div', { class: 'row-main' },
        h('span', { class: 'row-title' }, h('span', { text: i.displayName }), h('span', { class: 'pill' }, icon('check', { cls: 'icon-sm' }), 'Linked')),
        h('span', { class: 'row-sub', text: (i.email ? i.email + ' · ' : '') + `linked ${formatFull(i.linkedAt)}` })),
      button);
  }

  function unlinkedRow(p) {
    const button = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', text: 'Link', 'aria-label': `Link ${p.displayName}` });
    button.addEventListener('click', () => start(button, p, 'link'));
    return h('li', { class: 'row', dataset: { provider: p.name, linked: 'false' } },
      h('span', { class: 'row-icon provider-mark', 'aria-hidden': 'true', text: p.displayName.slice(0, 1) }),
      h('div', { class: 'row-main' }, h('span', { class: 'row-title', text: p.displayName }),
        h('span', { class: 'row-sub', text: `Not linked. Link it to sign in with ${p.displayName}.` })),
      button);
  }

  if (linked) displayName(linked).then((name) => toast(`${name} linked. You can now sign in with it.`));
  load();
  return { el, load };
}
