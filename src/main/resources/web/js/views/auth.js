// Sign-in and sign-up screens, and sign-out.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { post } from '../http.js';
import { session } from '../session.js';
import { field, submitting, banner } from '../forms.js';
import { toast, toastError } from '../toast.js';
import { runtime, stopRuntime } from '../runtime.js';
import { signinProviders } from './providers.js';

function frame(title, subtitle, form, foot) {
  return h('div', { class: 'auth' },
    h('main', { class: 'auth-card' },
      h('div', { class: 'auth-head' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-mark' }, icon('logo')),
          h('span', { class: 'brand-name', text: 'Juntos', dataset: { testid: 'product-name' } })),
        h('h1', { text: title }),
        h('p', { class: 'muted', text: subtitle })),
      form, h('p', { class: 'auth-foot' }, foot)));
}

export function signin(root, params, r) {
  const login = field({ name: 'login', label: 'Username or email', autocomplete: 'username', required: true });
  const password = field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true, reveal: true });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: 'Sign in' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Sign in' }, banner(), login.wrap, password.wrap, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const grant = await submitting(form, button, () =>
      post('/api/auth/signin', { login: login.input.value.trim(), password: password.input.value }, { auth: false }).catch((p) => {
        if (p.code === 'signin_throttled' && p.retryAfter) p.message = `Too many attempts. Try again in ${waitText(p.retryAfter)}.`;
        throw p;
      }));
    if (grant) session.adopt(grant);
  });
  const next = r.query.get('next');
  const signupHref = '#/signup' + (next ? '?next=' + encodeURIComponent(next) : '');
  root.append(frame('Welcome back', 'Sign in to pick up where you left off.', [form, signinProviders(r)],
    ['New to Juntos? ', h('a', { href: signupHref, text: 'Create an account' })]));
  login.input.focus();
}

export function signup(root, params, r) {
  const fullName = field({ name: 'fullName', label: 'Full name', autocomplete: 'name', required: true, maxlength: 100 });
  const username = field({ name: 'username', label: 'Username', autocomplete: 'username', required: true, maxlength: 32,
    hint: '3–32 characters: letters, numbers, dots and underscores.' });
  const email = field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true });
  const password = field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true, reveal: true,
    hint: 'At least 8 characters. Avoid common passwords.' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: 'Create account' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Create account' },
    banner(), fullName.wrap, username.wrap, email.wrap, password.wrap, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const grant = await submitting(form, button, () => post('/api/auth/signup', {
      fullName: fullName.input.value.trim(), username: username.input.value.trim(),
      email: email.input.value.trim(), password: password.input.value,
    }, { auth: false }));
    if (grant) {
      session.adopt(grant);
      toast(`Welcome to Juntos, ${grant.user.fullName}!`);
    }
  });
  const next = r.query.get('next');
  root.append(frame('Create your account', 'Chat, share and plan together — in real time.', [form, signinProviders(r)],
    ['Already have an account? ', h('a', { href: '#/signin' + (next ? '?next=' + encodeURIComponent(next) : ''), text: 'Sign in' })]));
  fullName.input.focus();
}

function waitText(seconds) {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Signs out this session on the server, then locally (also in other tabs). */
export async function signOut() {
  // Close the socket first: the server closes it with "session revoked" when the session ends,
  // which must not be mistaken for a revocation from elsewhere.
  stopRuntime();
  try {
    await post('/api/auth/signout');
  } catch (e) {
    if (e.status === 0) { toastError(e); runtime(); return; }
    // The session is already gone on the server; forgetting it locally is all that is left.
  }
  session.clear('signedOut');
  toast('You have been signed out.', { timeout: 2500 });
}
