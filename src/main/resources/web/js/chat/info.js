// Conversation info: for a group its name (renamed by owners and admins), join code and invite link
// (owners and admins only, with "Reset code"), members with their roles (the owner changes roles;
// owners and admins remove members as the server allows), and for everyone: mute, archive, leave.
// The server decides every permission; the dialog only hides what would be refused, and re-renders
// from the store when member or conversation events arrive while it is open.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { field, submitting, banner } from '../forms.js';
import { go } from '../router.js';
import { toast, toastError } from '../toast.js';
import { rest } from './rest.js';
import { modal, confirmDialog } from './dialogs.js';
import { personLink } from './message.js';
import { count } from './words.js';

const ROLE_ORDER = { owner: 0, admin: 1, member: 2 };
const ROLE_LABEL = { owner: 'Owner', admin: 'Admin', member: 'Member' };

/** Opens the info dialog of a conversation; it closes itself if the conversation goes away. */
export function openInfo(convId, store) {
  const conv = store.conversations.get(convId);
  if (!conv) return null;
  const group = conv.kind === 'group';
  const live = h('div', { class: 'info-live' });
  const parts = [group ? renameForm(convId, store) : peerCard(convId, store), live].filter(Boolean);
  const dialog = modal(group ? 'Group info' : 'Conversation info', h('div', { class: 'form info' }, ...parts), { label: `${store.title(conv)} info` });
  dialog.dataset.testid = 'conversation-info';
  let fetchedAs = myRole(store, convId);
  const fetchView = () => rest.conversation(convId).then((full) => store.upsertConversation(full, false)).catch(() => {});
  const render = () => {
    const c = store.conversations.get(convId);
    if (!c) { dialog.close(); return; }
    const role = myRole(store, convId);
    if (group && role !== fetchedAs) {
      fetchedAs = role; // promoted (or demoted) while open: the code comes (or goes) with the full view
      if (role === 'member') { delete c.joinCode; delete c.inviteUrl; } else fetchView();
    }
    live.replaceChildren(...(group ? [inviteSection(c, store), memberSection(c, store)] : []), settings(c, store, dialog));
  };
  const unsubs = [store.on(`members:${convId}`, render), store.on(`conversation:${convId}`, render), store.on(`left:${convId}`, () => dialog.close())];
  dialog.addEventListener('close', () => unsubs.forEach((u) => u()));
  // The list's view may be older than the last code reset: start from the current one.
  fetchView();
  render();
  return dialog;
}

function myRole(store, convId) {
  return store.members.get(convId)?.get(store.me.id)?.role || store.conversations.get(convId)?.role || 'member';
}

function moderator(store, convId) {
  return myRole(store, convId) !== 'member';
}

function renameForm(convId, store) {
  const conv = store.conversations.get(convId);
  if (!moderator(store, convId)) return h('h3', { class: 'info-name', text: conv.name || 'Group' });
  const name = field({ name: 'name', label: 'Group name', value: conv.name || '', maxlength: 100 });
  const save = h('button', { type: 'submit', class: 'btn btn-secondary', text: 'Rename' });
  const form = h('form', { class: 'form rename-form', novalidate: true, 'aria-label': 'Rename the group' }, banner(),
    h('div', { class: 'inline-field' }, name.wrap, save));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const updated = await submitting(form, save, () => rest.rename(convId, name.input.value.trim()));
    if (updated) { store.upsertConversation(updated, false); toast(`Renamed to “${updated.name}”.`); }
  });
  return form;
}

function peerCard(convId, store) {
  const peer = store.peer(convId);
  if (!peer) return null;
  return h('div', { class: 'peer-card' }, avatar(peer, { size: 'lg', presence: store.isOnline(peer.id) }),
    h('div', { class: 'row-main' }, h('strong', { text: peer.fullName || peer.username }), h('span', { class: 'row-sub', text: `@${peer.username}` })),
    personLink(peer, 'View profile', { class: 'btn btn-secondary btn-sm' }));
}

function copyButton(text, what) {
  return h('button', { type: 'button', class: 'btn btn-secondary btn-sm', 'aria-label': `Copy ${what.toLowerCase()}`, onclick: async () => {
    try { await navigator.clipboard.writeText(text); toast(`${what} copied.`); } catch { toast(`Select the ${what.toLowerCase()} and copy it.`); }
  } }, icon('copy', { cls: 'icon-sm' }), 'Copy');
}

function inviteSection(conv, store) {
  if (!moderator(store, conv.id)) {
    return h('p', { class: 'muted', text: 'Only owners and admins can see this group’s join code and invite link.' });
  }
  const rows = [h('p', { class: 'muted', text: 'Anyone with the code or link can join this group.' })];
  if (conv.joinCode) rows.push(h('div', { class: 'invite-row' }, h('div', null, h('div', { class: 'label', text: 'Join code' }),
    h('code', { class: 'code', dataset: { testid: 'join-code' }, text: conv.joinCode })), copyButton(conv.joinCode, 'Code')));
  if (conv.inviteUrl) rows.push(h('div', { class: 'invite-row' }, h('div', { class: 'invite-link' }, h('div', { class: 'label', text: 'Invite link' }),
    h('span', { class: 'muted', text: conv.inviteUrl })), copyButton(conv.inviteUrl, 'Link')));
  const reset = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', onclick: async () => {
    const yes = await confirmDialog('Reset the join code?', 'The current code and invite link stop working. Share the new ones with the people you want to invite.', 'Reset code');
    if (!yes) return;
    try {
      store.upsertConversation(await rest.newCode(conv.id), false);
      toast('New join code and link made.');
    } catch (e) { toastError(e); }
  } }, icon('key', { cls: 'icon-sm' }), 'Reset code');
  rows.push(h('div', { class: 'form-actions start' }, reset));
  return h('section', { class: 'info-section', 'aria-label': 'Invite' }, ...rows);
}

function memberSection(conv, store) {
  const members = [...(store.members.get(conv.id)?.values() || [])];
  members.sort((x, y) => (ROLE_ORDER[x.role] ?? 3) - (ROLE_ORDER[y.role] ?? 3) || (x.user?.fullName || '').localeCompare(y.user?.fullName || ''));
  const mine = myRole(store, conv.id);
  return h('section', { class: 'info-section', 'aria-label': 'Members' },
    h('h3', { class: 'label', text: count(members.length, 'member') }),
    h('ul', { class: 'rows member-list', dataset: { testid: 'members' } }, members.map((m) => memberRow(conv, store, m, mine))));
}

function memberRow(conv, store, m, mine) {
  const u = m.user || m;
  const me = u.id === store.me.id;
  const name = u.fullName || u.username;
  const controls = [];
  if (!me && mine === 'owner') controls.push(roleSelect(conv, store, u, m.role));
  else if (m.role !== 'member') controls.push(h('span', { class: 'pill', text: ROLE_LABEL[m.role] || m.role }));
  // The server's rule: the owner removes anyone, an admin removes plain members.
  if (!me && (mine === 'owner' || (mine === 'admin' && m.role === 'member'))) {
    controls.push(h('button', { type: 'button', class: 'icon-btn sm danger', 'aria-label': `Remove ${name}`, title: `Remove ${name}`, onclick: async () => {
      const yes = await confirmDialog(`Remove ${name}?`, 'They stop receiving this group’s messages. The join code and link are replaced so they cannot come back with them.', 'Remove');
      if (!yes) return;
      try {
        await rest.removeMember(conv.id, u.id);
        store.removeMember(conv.id, u.id);
        toast(`${name} was removed.`);
      } catch (e) { toastError(e); }
    } }, icon('x', { cls: 'icon-sm' })));
  }
  return h('li', { class: 'row', dataset: { member: u.username } },
    personLink(u, avatar(u, { size: 'sm', presence: store.isOnline(u.id) }), { tabindex: '-1', 'aria-hidden': 'true' }),
    h('div', { class: 'row-main' }, personLink(u, me ? `${name} (you)` : name, { class: 'row-title' }), h('span', { class: 'row-sub', text: `@${u.username}` })),
    h('div', { class: 'row-controls' }, ...controls));
}

function roleSelect(conv, store, u, role) {
  const name = u.fullName || u.username;
  const select = h('select', { class: 'input input-sm', 'aria-label': `Role of ${name}` },
    ['member', 'admin', 'owner'].map((r) => h('option', { value: r, text: ROLE_LABEL[r], selected: r === role })));
  select.addEventListener('change', async () => {
    const next = select.value;
    if (next === 'owner' && !(await confirmDialog(`Make ${name} the owner?`, 'A group has one owner: you will become an admin.', 'Make owner'))) {
      select.value = role;
      return;
    }
    try {
      store.upsertMember(conv.id, await rest.setRole(conv.id, u.id, next));
      toast(`${name} is now ${next === 'admin' ? 'an admin' : next === 'owner' ? 'the owner' : 'a member'}.`);
    } catch (e) { select.value = role; toastError(e); }
  });
  return select;
}

function settings(conv, store, dialog) {
  const out = [];
  if (store.canMute) {
    const muted = store.muted.has(conv.id);
    const toggle = h('input', { type: 'checkbox', class: 'switch', checked: muted, 'aria-describedby': 'mute-hint' });
    // The switch itself shows the state (and the list its mark): no toast on top of it.
    toggle.addEventListener('change', () => store.setMuted(conv.id, toggle.checked).catch((e) => { toggle.checked = !toggle.checked; toastError(e); }));
    out.push(h('label', { class: 'setting-row' }, icon(muted ? 'bellOff' : 'bell', { cls: 'icon-sm' }),
      h('span', { class: 'row-main' }, h('span', { class: 'row-title', text: 'Mute notifications' }),
        h('span', { id: 'mute-hint', class: 'row-sub', text: 'No push notifications; messages still arrive.' })), toggle));
  }
  const archived = Boolean(conv.archived);
  out.push(h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => store.setArchived(conv.id, !archived)
    .then(() => { toast(archived ? 'Moved back to your chats.' : 'Archived. Find it under “Archived” in your chats.'); if (!archived) dialog.close(); }, toastError) },
  icon('archive', { cls: 'icon-sm' }), archived ? 'Unarchive' : 'Archive'));
  if (conv.kind === 'group') out.push(leaveButton(conv, store, dialog));
  return h('section', { class: 'info-section info-settings', 'aria-label': 'Settings' }, ...out);
}

function leaveButton(conv, store, dialog) {
  return h('button', { type: 'button', class: 'btn btn-danger', onclick: async () => {
    dialog.close();
    if (!(await confirmDialog(`Leave ${conv.name || 'this group'}?`, 'You will stop receiving its messages. You can join again with its code or link.', 'Leave'))) return;
    try {
      store.dispatch('depart', conv.id); // our own choice: no "you are no longer in it" notice
      await rest.leave(conv.id);
      store.removeConversation(conv.id);
      go('/chats');
      toast(`You left “${conv.name || 'the group'}”.`);
    } catch (e) {
      toastError(e);
    }
  } }, icon('logout', { cls: 'icon-sm' }), 'Leave group');
}
