// Profile and settings: identity card (picture upload with preview), details, sign-in details,
// password, linked accounts, sessions (revoke one or all others), the activity log and API links,
// sign out, delete the account.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { get, put, del } from '../http.js';
import { session } from '../session.js';
import { field, submitting, banner } from '../forms.js';
import { toast, toastError } from '../toast.js';
import { formatAgo, formatFull } from '../format.js';
import { signOut } from './auth.js';
import { avatarUploader } from '../media.js';
import { linkedAccountsCard } from './providers.js';
import { signinDetailsCard, moreCard, deleteAccountCard } from './settings.js';

export function mount(outlet, params, r) {
  const identity = h('div', { class: 'profile-id' });
  let shown = session.user;
  const upload = avatarUploader((user) => { shown = user; renderIdentity(identity, user); },
    { onPreview: (url) => renderIdentity(identity, url ? { ...shown, avatarUrl: url } : shown) });
  const page = h('div', { class: 'page' },
    h('header', { class: 'page-head' },
      h('div', null, h('h1', { text: 'Profile' }), h('p', { text: 'How others see you, and how you sign in.' }))),
    h('section', { class: 'card', 'aria-label': 'Your account' }, h('div', { class: 'card-body identity-body' }, identity, upload)));
  outlet.replaceChildren(page);

  const saved = (user) => { shown = user; renderIdentity(identity, user); };
  const details = detailsCard(saved);
  const signin = signinDetailsCard(saved);
  const sessions = sessionsCard();
  const password = passwordCard(() => { sessions.load(); linked.load(); });
  const linked = linkedAccountsCard(r, ({ hasPassword }) => password.setHasPassword(hasPassword));
  page.append(details.el, signin.el, password.el, linked.el, sessions.el, moreCard(),
    h('section', { class: 'card' }, h('div', { class: 'card-body' },
      h('div', { class: 'card-head' }, h('h2', { text: 'Sign out' }), h('p', { text: 'Sign out of Juntos on this device.' })),
      h('div', null, h('button', { type: 'button', class: 'btn btn-danger', dataset: { action: 'signout-page' }, onclick: () => signOut() },
        icon('logout'), 'Sign out')))), deleteAccountCard());

  if (session.user) renderIdentity(identity, session.user);
  get('/api/profile').then((user) => {
    session.setUser(user);
    saved(user);
    details.fill(user);
    signin.fill(user);
  }).catch(toastError);
  sessions.load();
  outlet.focus({ preventScroll: true });
}

function renderIdentity(el, user) {
  el.replaceChildren(avatar(user, { size: 'xl' }),
    h('div', { class: 'who' },
      h('strong', { text: user.fullName, dataset: { testid: 'profile-name' } }),
      h('span', { class: 'muted', text: '@' + user.username }),
      user.email ? h('span', { class: 'faint', text: user.email }) : null,
      user.bio ? h('p', { class: 'muted', text: user.bio }) : null));
}

function detailsCard(onSaved) {
  const fullName = field({ name: 'fullName', label: 'Full name', autocomplete: 'name', maxlength: 100 });
  const bio = field({ name: 'bio', label: 'Bio', multiline: true, maxlength: 500, placeholder: 'A line or two about you' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Save changes' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Profile details' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Details' }), h('p', { text: 'Your name and bio are visible to people you chat with.' })),
    banner(), fullName.wrap, bio.wrap, h('div', { class: 'form-actions' }, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const user = await submitting(form, button, () => put('/api/profile', {
      fullName: fullName.input.value.trim(), bio: bio.input.value.trim(),
    }));
    if (user) {
      session.setUser(user);
      onSaved(user);
      toast('Profile saved.');
    }
  });
  return {
    el: h('section', { class: 'card' }, h('div', { class: 'card-body' }, form)),
    fill(user) {
      fullName.input.value = user.fullName || '';
      bio.input.value = user.bio || '';
    },
  };
}

function passwordCard(onChanged) {
  const current = field({ name: 'current', label: 'Current password', type: 'password', autocomplete: 'current-password', reveal: true });
  const next = field({ name: 'next', label: 'New password', type: 'password', autocomplete: 'new-password', reveal: true,
    hint: 'At least 8 characters. Changing it signs out your other sessions.' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Change password' });
  const intro = h('p', { text: 'Use a long passphrase you do not use anywhere else.' });
  let hasPassword = true;
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Change password' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Password' }), intro),
    banner(), h('div', { class: 'two-col' }, current.wrap, next.wrap), h('div', { class: 'form-actions' }, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const done = await submitting(form, button, async () => {
      await put('/api/profile/password', hasPassword ? { current: current.input.value, next: next.input.value } : { next: next.input.value });
      return true;
    });
    if (done) {
      form.reset();
      toast(hasPassword ? 'Password changed. Your other sessions were signed out.' : 'Password set. You can now sign in with it too.');
      onChanged();
    }
  });
  return {
    el: h('section', { class: 'card' }, h('div', { class: 'card-body' }, form)),
    /** An account made through a provider sets its first password without a current one. */
    setHasPassword(value) {
      hasPassword = value;
      current.wrap.hidden = !value;
      form.setAttribute('aria-label', value ? 'Change password' : 'Set a password');
      button.textContent = value ? 'Change password' : 'Set password';
      intro.textContent = value ? 'Use a long passphrase you do not use anywhere else.'
        : 'You sign in with a linked account. Set a password to sign in without it too.';
    },
  };
}

function sessionsCard() {
  const list = h('ul', { class: 'rows', 'aria-label': 'Active sessions', dataset: { testid: 'sessions' } }, h('li', { class: 'skeleton' }));
  const others = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', hidden: true, dataset: { action: 'signout-others' } },
    icon('logout', { cls: 'icon-sm' }), 'Sign out all other sessions');
  others.addEventListener('click', async () => {
    others.disabled = true;
    try {
      const { revoked } = await del('/api/auth/sessions');
      toast(revoked === 1 ? 'Signed out 1 other session.' : `Signed out ${revoked} other sessions.`);
      await load();
    } catch (e) {
      toastError(e);
    } finally {
      others.disabled = false;
    }
  });
  const el = h('section', { class: 'card' }, h('div', { class: 'card-body' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Where you are signed in' }),
      h('p', { text: 'Revoke any session you do not recognise.' })), list, h('div', { class: 'form-actions start' }, others)));

  async function load() {
    try {
      const { sessions } = await get('/api/auth/sessions');
      sessions.sort((a, b) => (b.current - a.current) || (new Date(b.lastUsedAt) - new Date(a.lastUsedAt)));
      list.replaceChildren(...sessions.map(row));
      others.hidden = !sessions.some((s) => !s.current);
    } catch (e) {
      toastError(e);
    }
  }

  function row(s) {
    const mobile = /android|iphone|ipad|mobile/i.test(s.device || '');
    const action = s.current
      ? h('span', { class: 'pill' }, icon('check', { cls: 'icon-sm' }), 'This device')
      : h('button', { type: 'button', class: 'btn btn-danger btn-sm', text: 'Revoke', 'aria-label': `Revoke session on ${s.device || 'unknown device'}` });
    const li = h('li', { class: 'row', dataset: { session: s.id, current: String(Boolean(s.current)) } },
      h('span', { class: 'row-icon' + (s.current ? ' accent' : '') }, icon(mobile ? 'phone' : 'monitor')),
      h('div', { class: 'row-main' },
        h('span', { class: 'row-title', text: s.device || 'Unknown device' }),
        h('span', { class: 'row-sub', text: `${s.ip || 'unknown address'} · active ${formatAgo(s.lastUsedAt)}`, title: `Signed in ${formatFull(s.createdAt)}` })),
      action);
    if (!s.current) {
      action.addEventListener('click', async () => {
        action.disabled = true;
        try {
          await del(`/api/auth/sessions/${encodeURIComponent(s.id)}`);
          li.remove();
          others.hidden = !list.querySelector('[data-current=false]');
          toast('Session revoked.');
        } catch (e) {
          action.disabled = false;
          toastError(e);
        }
      });
    }
    return li;
  }

  return { el, load };
}
