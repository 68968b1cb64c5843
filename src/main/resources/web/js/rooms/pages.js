// The rooms list with the create-room dialog, and the join page a /r/<token> link opens.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { go } from '../router.js';
import { toast, toastError } from '../toast.js';
import { formatAgo } from '../format.js';
import { service } from '../runtime.js';
import { rooms } from './rest.js';

/** #/rooms: my rooms from the session's RoomsStore (kept current by room.joined / room.left), newest activity first. */
export function mountList(outlet) {
  const { store } = service('rooms');
  const list = h('div', { class: 'rooms-list', 'data-testid': 'rooms-list' });
  outlet.replaceChildren(h('div', { class: 'page rooms-page' },
    h('div', { class: 'page-head' }, h('h1', { text: 'Watch together' }),
      h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'new-room', onclick: () => openCreate() }, icon('plus'), 'New room')),
    list));
  const show = (items, loaded) => {
    if (!loaded) { list.replaceChildren(h('div', { class: 'muted', text: 'Loading…' })); return; }
    if (!items.length) {
      list.replaceChildren(h('div', { class: 'empty' }, icon('video'), h('strong', { text: 'No rooms yet' }),
        h('span', { text: 'Create one and share its link: everyone watches the same moment while you chat.' })));
      return;
    }
    list.replaceChildren(...items.map((r) => h('a', { class: 'room-row card', href: `#/rooms/${encodeURIComponent(r.id)}` },
      h('span', { class: 'room-row-icon' }, icon('video')),
      h('span', { class: 'room-row-main' }, h('strong', { text: r.name }),
        h('span', { class: 'room-row-meta', text: `${r.memberCount} ${r.memberCount === 1 ? 'member' : 'members'} · ${r.role} · active ${formatAgo(r.activeAt)}` })))));
  };
  const unsub = store.select((s) => s.items, (items) => show(items, store.state.loaded));
  store.load().catch(toastError); // fresh counts and activity each time the list opens
  return { destroy: unsub };
}

/** The create-room dialog; on success it shows the join link to copy or share. */
export function openCreate() {
  const name = h('input', { class: 'input', name: 'name', required: true, maxlength: 100, placeholder: 'Friday film club', 'data-testid': 'room-name' });
  const message = h('textarea', { class: 'input', name: 'message', maxlength: 500, rows: 3, placeholder: 'A note for people who open the link' });
  const policy = h('select', { class: 'input', name: 'controlPolicy' },
    h('option', { value: 'host', text: 'Only me (host)' }), h('option', { value: 'controllers', text: 'People I choose' }),
    h('option', { value: 'everyone', text: 'Everyone' }));
  const max = h('input', { class: 'input', name: 'maxMembers', type: 'number', min: 2, max: 50, value: 8 });
  const form = h('form', { class: 'room-stack' },
    h('label', { class: 'field' }, h('span', { text: 'Name' }), name),
    h('label', { class: 'field' }, h('span', { text: 'Message' }), message),
    h('label', { class: 'field' }, h('span', { text: 'Who controls playback' }), policy),
    h('label', { class: 'field' }, h('span', { text: 'Members (2–50)' }), max),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'create-room' }, 'Create room'));
  const dialog = modal('New room', form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await rooms.create({ name: name.value, message: message.value, controlPolicy: policy.value, maxMembers: Number(max.value) });
      dialog.querySelector('.modal-body').replaceChildren(shareLink(made.joinLink, made.room, () => { dialog.close(); go(`/rooms/${encodeURIComponent(made.room.id)}`); }));
    } catch (err) { toastError(err); }
  });
}

/** The join link with copy (and the Web Share API where the device has it, i.e. phones). */
export function shareLink(link, room, onDone) {
  const input = h('input', { readonly: true, value: link, class: 'input share-input', 'data-testid': 'join-link', 'aria-label': 'Join link' });
  const copy = h('button', { type: 'button', class: 'btn btn-secondary', onclick: async () => {
    try { await navigator.clipboard.writeText(link); toast('Link copied'); } catch { input.select(); }
  } }, icon('copy'), 'Copy');
  const share = navigator.share ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: () =>
    navigator.share({ title: room.name, text: room.message || `Watch with me: ${room.name}`, url: link }).catch(() => {}) }, icon('link'), 'Share') : null;
  return h('div', { class: 'room-stack' }, h('h2', { text: 'Invite people' }),
    h('p', { class: 'muted', text: 'Anyone with this link can ask to join.' }),
    h('div', { class: 'share-row' }, input, copy, share),
    onDone && h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: onDone, 'data-testid': 'open-room' }, 'Open the room'));
}

/** The host adds someone by username at once; they get a notification (and a push when away). */
export function inviteForm(roomId) {
  const input = h('input', { class: 'input', name: 'username', autocomplete: 'off', placeholder: 'Username', 'aria-label': 'Username to invite', 'data-testid': 'invite-username' });
  const send = h('button', { type: 'submit', class: 'btn btn-secondary', 'data-testid': 'invite-send' }, icon('plus'), 'Invite');
  const form = h('form', { class: 'room-stack invite-form' }, h('h3', { text: 'Invite someone directly' }), h('div', { class: 'share-row' }, input, send));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const username = input.value.trim();
    if (!username) return;
    send.disabled = true;
    try {
      const { member } = await rooms.invite(roomId, username);
      toast(`${member.user.fullName || member.user.username} is in the room now`);
      input.value = '';
    } catch (err) { toastError(err); } finally { send.disabled = false; }
  });
  return form;
}

export function modal(title, body) {
  const close = h('button', { type: 'button', class: 'btn btn-ghost', 'aria-label': 'Close' }, icon('x'));
  const dialog = h('dialog', { class: 'modal', 'aria-label': title },
    h('div', { class: 'modal-body' }, h('div', { class: 'modal-head' }, h('h2', { text: title }), close), body));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** #/r/<token>: the room's message and a join button (signed-out visitors come back here after signing in). */
export function mountJoin(outlet, params) {
  const card = h('div', { class: 'card join-card', 'data-testid': 'join-card' }, h('div', { class: 'card-body', text: 'Loading…' }));
  outlet.replaceChildren(h('div', { class: 'page join-page' }, card));
  rooms.preview(params.token).then((p) => {
    if (p.member) { go(`/rooms/${encodeURIComponent(p.roomId)}`, { replace: true }); return; }
    const join = h('button', { type: 'button', class: 'btn btn-primary btn-block', 'data-testid': 'join-room', disabled: p.full }, p.full ? 'This room is full' : 'Join the room');
    join.addEventListener('click', async () => {
      try { const j = await rooms.join(params.token); go(`/rooms/${encodeURIComponent(j.room.id)}`); } catch (e) { toastError(e); }
    });
    card.replaceChildren(h('div', { class: 'card-body room-stack' }, h('span', { class: 'join-icon' }, icon('video')),
      h('h1', { text: p.name }),
      p.message ? h('blockquote', { class: 'join-message', text: p.message }) : null,
      h('p', { class: 'muted', text: `${p.host ? `Hosted by ${p.host.fullName || p.host.username} · ` : ''}${p.memberCount} of ${p.maxMembers} watching` }),
      join));
  }, (e) => {
    card.replaceChildren(h('div', { class: 'card-body room-stack' }, icon('alert'),
      h('strong', { text: e.status === 410 ? 'This link has expired' : 'This link does not work' }),
      h('span', { class: 'muted', text: e.status === 410 ? 'Ask the host for a new one.' : 'It may have been replaced by a new one. Ask the host for a fresh link.' })));
  });
}
