// The settings part of the profile page: sign-in details (username and e-mail, with the password
// again), the developer and history links that used to sit in the main navigation, and deleting
// the account. Each card is a small function returning {el, ...}, like the cards in profile.js.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { post, put } from '../http.js';
import { session } from '../session.js';
import { field, submitting, banner } from '../forms.js';
import { toast } from '../toast.js';
import { stopRuntime } from '../runtime.js';

/** Username and e-mail; both need the current password (the server counts wrong ones like sign-ins). */
export function signinDetailsCard(onSaved) {
  const username = field({ name: 'username', label: 'Username', autocomplete: 'username', maxlength: 32,
    hint: '3–32 characters: letters, numbers, dots and underscores.' });
  const email = field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email' });
  const password = field({ name: 'password', label: 'Password to confirm', type: 'password', autocomplete: 'current-password', reveal: true,
    hint: 'Needed to change how you sign in.' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Save sign-in details' });
  let shown = {};
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Sign-in details' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Sign-in details' }), h('p', { text: 'The username people find you by, and the email you sign in with.' })),
    banner(), h('div', { class: 'two-col' }, username.wrap, email.wrap), password.wrap, h('div', { class: 'form-actions' }, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { password: password.input.value };
    if (username.input.value.trim() !== (shown.username || '')) body.username = username.input.value.trim();
    if (email.input.value.trim() !== (shown.email || '')) body.email = email.input.value.trim();
    const user = await submitting(form, button, () => put('/api/profile/login', body));
    if (user) {
      password.input.value = '';
      session.setUser(user);
      onSaved(user);
      toast('Sign-in details saved.');
    }
  });
  return {
    el: h('section', { class: 'card' }, h('div', { class: 'card-body' }, form)),
    /** Shows the saved values; a field the person already started editing is left alone. */
    fill(user) {
      const before = shown;
      shown = { username: user.username, email: user.email || '' };
      if (username.input.value === (before.username || '')) username.input.value = shown.username || '';
      if (email.input.value === (before.email || '')) email.input.value = shown.email;
    },
  };
}

/** History and developer links: they belong with the account, not in everyone's main navigation. */
export function moreCard() {
  const link = (href, iconName, title, sub, attrs = {}) => h('li', { class: 'row' },
    h('span', { class: 'row-icon' }, icon(iconName)),
    h('a', { class: 'row-main row-link', href, ...attrs }, h('span', { class: 'row-title', text: title }), h('span', { class: 'row-sub', text: sub })));
  return h('section', { class: 'card', 'aria-label': 'More' }, h('div', { class: 'card-body' },
    h('div', { class: 'card-head' }, h('h2', { text: 'More' }), h('p', { text: 'Your account history, and the API for building on Juntos.' })),
    h('ul', { class: 'rows' },
      link('#/activity', 'activity', 'Activity log', 'Sign-ins, security changes and other account events', { dataset: { testid: 'activity-link' } }),
      link('/api.html', 'book', 'API documentation', 'The REST and real-time API, for developers', { target: '_blank', rel: 'noopener', dataset: { testid: 'api-link' } }))));
}

/**
 * Deleting the account, in two steps: the first button only opens the form that explains what
 * goes and asks for the password.
 */
export function deleteAccountCard() {
  const password = field({ name: 'password', label: 'Your password', type: 'password', autocomplete: 'current-password', reveal: true });
  const confirm = h('button', { type: 'submit', class: 'btn btn-danger', text: 'Delete my account' });
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary', text: 'Keep my account' });
  const form = h('form', { class: 'form', novalidate: true, hidden: true, 'aria-label': 'Delete account' },
    banner(),
    h('p', { class: 'danger-note', text: 'This erases your profile, picture, uploads and sessions. Your messages stay in their conversations '
      + 'under “Deleted account”, so the people you talked to keep their history. This cannot be undone.' }),
    password.wrap, h('div', { class: 'form-actions' }, cancel, confirm));
  const open = h('button', { type: 'button', class: 'btn btn-danger-outline', dataset: { action: 'delete-account' } }, icon('trash'), 'Delete account…');
  const opener = h('div', null, open);
  open.addEventListener('click', () => { form.hidden = false; opener.hidden = true; password.input.focus(); });
  cancel.addEventListener('click', () => { form.hidden = true; opener.hidden = false; form.reset(); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const done = await submitting(form, confirm, async () => {
      await post('/api/profile/delete', { password: password.input.value });
      return true;
    });
    if (!done) return;
    stopRuntime();
    session.clear('signedOut');
    toast('Your account has been deleted.', { timeout: 5000 });
  });
  return h('section', { class: 'card danger-zone', 'aria-label': 'Delete account' }, h('div', { class: 'card-body' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Delete account' }), h('p', { text: 'Remove your account and what you uploaded from this server.' })),
    opener, form));
}
