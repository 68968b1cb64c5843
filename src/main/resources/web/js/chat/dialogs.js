// Dialogs: start a conversation (direct by username, new group, join by code or link),
// invite people to a group, and confirm a deletion.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { field, submitting, banner } from '../forms.js';
import { go } from '../router.js';
import { toast, toastError } from '../toast.js';
import { rest } from './rest.js';
import { openInfo } from './info.js';

export function modal(title, body, { label } = {}) {
  const close = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Close' }, icon('x'));
  const dialog = h('dialog', { class: 'modal', 'aria-label': label || title },
    h('div', { class: 'modal-body' }, h('div', { class: 'modal-head' }, h('h2', { text: title }), close), body));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** The "New conversation" dialog with three tabs. */
export function openNewChat(store, tab = 'direct') {
  const panels = { direct: directForm(store), group: groupForm(store), join: joinForm(store) };
  const labels = { direct: 'Direct message', group: 'New group', join: 'Join' };
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const holder = h('div');
  let dialog;
  const select = (key) => {
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.tab === key));
    holder.replaceChildren(panels[key].el);
    panels[key].focus();
  };
  for (const key of Object.keys(panels)) {
    tabs.append(h('button', { type: 'button', role: 'tab', class: 'tab', dataset: { tab: key }, text: labels[key], onclick: () => select(key) }));
    panels[key].done = (conv) => { dialog.close(); if (conv?.id) { store.upsertConversation(conv, true); go(`/chat/${encodeURIComponent(conv.id)}`); } };
  }
  dialog = modal('New conversation', h('div', { class: 'form' }, tabs, holder));
  select(tab);
  return dialog;
}

function directForm(store) {
  const username = field({ name: 'username', label: 'Username', placeholder: 'e.g. ana.lima', autocomplete: 'off',
    hint: 'Start a private conversation with one person.' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Start chat' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Start a direct conversation' }, banner(), username.wrap, h('div', { class: 'form-actions' }, button));
  const panel = { el: form, focus: () => username.input.focus() };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = username.input.value.trim().replace(/^@/, '');
    const conv = await submitting(form, button, async () => {
      if (!name) throw Object.assign(new Error('Enter a username.'), { status: 422, errors: [{ field: 'username', message: 'Enter a username.' }] });
      if (name.toLowerCase() === store.me.username) throw Object.assign(new Error(''), { status: 422, errors: [{ field: 'username', message: 'That is you. Pick someone else.' }] });
      return rest.openDirect(name).catch((p) => {
        if (p.status === 404 && !p.errors.length) p.errors = [{ field: 'username', message: `No one is called @${name}.` }];
        throw p;
      });
    });
    if (conv) panel.done(conv);
  });
  return panel;
}

function groupForm(store) {
  const name = field({ name: 'name', label: 'Group name', placeholder: 'Movie night', maxlength: 100,
    hint: 'You will get a join code and an invite link to share.' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Create group' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Create a group' }, banner(), name.wrap, h('div', { class: 'form-actions' }, button));
  const panel = { el: form, focus: () => name.input.focus() };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const conv = await submitting(form, button, () => rest.createGroup(name.input.value.trim()));
    if (conv) { toast(`Group “${conv.name || name.input.value.trim()}” created.`); panel.done(conv); openInvite(conv, store); }
  });
  return panel;
}

function joinForm() {
  const code = field({ name: 'code', label: 'Join code or invite link', placeholder: 'K7PD3QXM', autocomplete: 'off',
    hint: 'Ask a member of the group for its code or link.' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', text: 'Join group' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Join a group' }, banner(), code.wrap, h('div', { class: 'form-actions' }, button));
  const panel = { el: form, focus: () => code.input.focus() };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const conv = await submitting(form, button, () => rest.join(inviteSecret(code.input.value)).catch((p) => {
      if (!p.errors.length && p.status >= 400 && p.status < 500) p.errors = [{ field: 'code', message: p.message }];
      throw p;
    }));
    if (conv) { toast(`You joined “${conv.name || 'the group'}”.`); panel.done(conv); }
  });
  return panel;
}

/** The code itself, or the secret at the end of an invite link (…/#/join/<secret>). */
export function inviteSecret(input) {
  const v = input.trim();
  const m = v.match(/#\/join\/([^/?#\s]+)/);
  return m ? decodeURIComponent(m[1]) : v;
}

/** After creating a group: its info, where the code and link to share are. */
export function openInvite(conv, store) {
  return openInfo(conv.id, store);
}

/** A confirmation; resolves true when confirmed. */
export function confirmDialog(title, text, action = 'Delete') {
  return new Promise((resolve) => {
    let ok = false;
    const yes = h('button', { type: 'button', class: 'btn btn-primary danger-fill', text: action });
    const no = h('button', { type: 'button', class: 'btn btn-secondary', text: 'Cancel' });
    const dialog = modal(title, h('div', { class: 'form' }, h('p', { class: 'muted', text }), h('div', { class: 'form-actions' }, no, yes)), { label: title });
    yes.addEventListener('click', () => { ok = true; dialog.close(); });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve(ok));
    yes.focus();
  });
}
