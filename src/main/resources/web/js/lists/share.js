// The share dialog: members with their roles (the owner changes roles, removes people, hands over
// ownership), invite an existing user by username or email, and invite links carrying a role
// (optional expiry, revocable). Others see the members and can leave the list.
import { html, render, nothing } from '../lit.js';
import { iconT } from '../icons.js';
import { go } from '../router.js';
import { toast, toastError } from '../toast.js';
import { lists, inviteUrl } from './rest.js';
import { miniAvatar } from './listview.js';

const ROLES = [['editor', 'Can edit'], ['viewer', 'Can view']];
const EXPIRY = [['', 'Never expires'], ['1', 'Expires in 1 day'], ['7', 'Expires in 7 days'], ['30', 'Expires in 30 days']];

export function modal(title, { testid } = {}) {
  const dialog = document.createElement('dialog');
  dialog.className = 'modal lists-modal';
  dialog.setAttribute('aria-label', title);
  if (testid) dialog.dataset.testid = testid;
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  return dialog;
}

export function openShare(view) {
  const s = view.session;
  const listId = view.listId;
  const owner = s.meta.role === 'owner';
  const me = view.me();
  const dialog = modal('Share', { testid: 'share-dialog' });
  let members = s.meta.members || [];
  let links = [];
  let busy = false;
  const act = async (fn) => {
    if (busy) return;
    busy = true;
    try { await fn(); s.setMembers(members); } catch (e) { toastError(e); } finally { busy = false; paint(); }
  };
  const refresh = async () => {
    members = (await lists.members(listId)).members;
    s.setMembers(members);
    if (owner) links = (await lists.links(listId)).items || [];
    paint();
  };
  const invite = (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const who = f.user.value.trim();
    if (!who) return;
    act(async () => {
      members = (await lists.invite(listId, who, f.role.value)).members;
      f.user.value = '';
      toast(`${who} can now ${f.role.value === 'viewer' ? 'view' : 'edit'} this list.`);
    });
  };
  const newLink = (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const days = Number(f.expiry.value);
    const expiresAt = days ? new Date(Date.now() + days * 864e5).toISOString() : undefined;
    act(async () => { links = [await lists.createLink(listId, f.linkRole.value, expiresAt), ...links]; });
  };
  const copy = async (url) => {
    try { await navigator.clipboard.writeText(url); toast('Link copied'); } catch { toast(url); }
  };
  const leave = () => act(async () => { await lists.leave(listId); dialog.close(); view.store.dispatch('dropped', listId); go('/lists'); });
  const memberRow = (m) => html`<li class="lists-member" data-testid="member">
    ${miniAvatar(members, m.user.id)}
    <span class="lists-member-name"><strong>${m.user.fullName || m.user.displayName || m.user.username}</strong><span class="faint">@${m.user.username}${m.user.id === me ? ' · you' : ''}</span></span>
    ${owner && m.role !== 'owner' ? html`<select class="input input-sm" aria-label=${`Role of ${m.user.username}`} data-testid="member-role"
        @change=${(e) => act(async () => { members = (await lists.setRole(listId, m.user.id, e.target.value)).members; })}>
        ${ROLES.map(([v, l]) => html`<option value=${v} ?selected=${m.role === v}>${l}</option>`)}</select>
      <button type="button" class="icon-btn" aria-label=${`Make ${m.user.username} the owner`} title="Make owner"
        @click=${() => act(async () => { members = (await lists.transfer(listId, m.user.id)).members; s.setRole('editor'); })}>${iconT('key', { cls: 'icon-sm' })}</button>
      <button type="button" class="icon-btn" aria-label=${`Remove ${m.user.username}`} title="Remove" data-testid="remove-member"
        @click=${() => act(async () => { await lists.removeMember(listId, m.user.id); members = members.filter((x) => x.user.id !== m.user.id); })}>${iconT('x', { cls: 'icon-sm' })}</button>`
      : html`<span class="lists-role">${m.role === 'owner' ? 'Owner' : m.role === 'editor' ? 'Can edit' : 'Can view'}</span>`}
  </li>`;
  const paint = () => render(html`<div class="modal-body">
      <div class="modal-head"><h2>Share “${s.meta.name}”</h2>
        <button type="button" class="icon-btn" aria-label="Close" @click=${() => dialog.close()}>${iconT('x')}</button></div>
      ${owner ? html`<form class="lists-invite" @submit=${invite}>
        <input class="input" name="user" placeholder="Username or email" aria-label="Username or email" autocomplete="off" data-testid="invite-user">
        <select class="input" name="role" aria-label="Role" data-testid="invite-role">${ROLES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
        <button class="btn btn-primary" type="submit" data-testid="invite-send">Invite</button></form>` : nothing}
      <h3 class="lists-modal-h">People with access</h3>
      <ul class="lists-members">${members.map(memberRow)}</ul>
      ${owner ? html`<h3 class="lists-modal-h">Invite links</h3>
        <form class="lists-invite" @submit=${newLink}>
          <select class="input" name="linkRole" aria-label="Link role">${ROLES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
          <select class="input" name="expiry" aria-label="Link expiry">${EXPIRY.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
          <button class="btn btn-secondary" type="submit" data-testid="create-link">${iconT('link', { cls: 'icon-sm' })}Create link</button></form>
        <ul class="lists-links">${links.map((l) => html`<li class="lists-link" data-testid="invite-link">
          <input class="input share-input" readonly .value=${inviteUrl(l.token)} aria-label="Invite link">
          <span class="faint">${l.role === 'viewer' ? 'View' : 'Edit'}${l.expiresAt ? ` · until ${new Date(l.expiresAt).toLocaleDateString()}` : ''}</span>
          <button type="button" class="icon-btn" aria-label="Copy link" @click=${() => copy(inviteUrl(l.token))}>${iconT('copy', { cls: 'icon-sm' })}</button>
          <button type="button" class="icon-btn" aria-label="Revoke link" data-testid="revoke-link"
            @click=${() => act(async () => { await lists.revokeLink(listId, l.id); links = links.filter((x) => x.id !== l.id); })}>${iconT('trash', { cls: 'icon-sm' })}</button>
        </li>`)}</ul>`
      : html`<button type="button" class="btn btn-ghost lists-delete" data-testid="leave-list" @click=${leave}>Leave this list</button>`}
    </div>`, dialog);
  paint();
  dialog.showModal();
  refresh().catch(toastError);
}

/** A small confirmation; resolves true when confirmed. */
export function confirm(title, text, action) {
  return new Promise((resolve) => {
    const dialog = modal(title);
    let ok = false;
    render(html`<div class="modal-body"><div class="modal-head"><h2>${title}</h2></div><p class="muted">${text}</p>
      <div class="form-actions"><button type="button" class="btn btn-secondary" @click=${() => dialog.close()}>Cancel</button>
      <button type="button" class="btn btn-primary" data-testid="confirm" @click=${() => { ok = true; dialog.close(); }}>${action}</button></div></div>`, dialog);
    dialog.addEventListener('close', () => resolve(ok));
    dialog.showModal();
  });
}
