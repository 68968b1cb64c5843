// My lists (counts, progress, due badges), the trash with restore, and the page an invite link
// opens. Rendered with lit-html; the overview follows the session's ListsStore.
import { html, render, repeat, nothing } from '../lit.js';
import { iconT } from '../icons.js';
import { go } from '../router.js';
import { toast, toastError } from '../toast.js';
import { formatAgo } from '../format.js';
import { service } from '../runtime.js';
import { lists } from './rest.js';
import { dueBadge } from './due.js';

const ROLE = { owner: 'Owner', editor: 'Can edit', viewer: 'Can view' };

function summaryDue(l) {
  if (l.overdue > 0) return { label: `${l.overdue} overdue`, tone: 'overdue' };
  return l.nextDue ? dueBadge(l.nextDue.length > 10 ? { dateTime: l.nextDue.slice(0, 16) } : { date: l.nextDue }) : null;
}

function card(l) {
  const total = l.itemCount || 0;
  const done = l.doneCount || 0;
  const due = summaryDue(l);
  const pct = total ? Math.round((done / total) * 100) : 0;
  return html`<a class="lists-card" href=${`#/lists/${encodeURIComponent(l.id)}`} data-testid="list-card">
    <span class="lists-card-icon">${iconT('checks')}</span>
    <span class="lists-card-main">
      <strong class="lists-card-name">${l.name}</strong>
      <span class="lists-card-meta">${total ? `${done} of ${total} done` : 'No tasks yet'}${l.role !== 'owner' ? html` · <span class="lists-role">${ROLE[l.role] || l.role}</span>` : nothing}</span>
      <span class="lists-progress" aria-hidden="true"><span class="lists-progress-bar" data-pct=${pct}></span></span>
    </span>
    ${due ? html`<span class=${`lists-due ${due.tone}`} data-testid="list-due">${iconT('clock', { cls: 'icon-sm' })}${due.label}</span>` : nothing}
  </a>`;
}

/** Progress bars get their width through the CSSOM (the CSP forbids style attributes). */
function sizeBars(root) {
  for (const bar of root.querySelectorAll('.lists-progress-bar')) bar.style.inlineSize = `${bar.dataset.pct}%`;
}

/** #/lists */
export function mountOverview(outlet) {
  const { store } = service('lists');
  let creating = false;
  const el = document.createElement('div');
  el.className = 'page lists-page';
  outlet.replaceChildren(el);
  const create = async (e) => {
    e.preventDefault();
    const input = e.target.elements.name;
    const name = input.value.trim();
    if (!name || creating) return;
    creating = true;
    try {
      const { list } = await lists.create(name);
      store.dispatch('upsert', list);
      input.value = '';
      go(`/lists/${encodeURIComponent(list.id)}`);
    } catch (err) { toastError(err); } finally { creating = false; }
  };
  const paint = () => {
    const { items, loaded } = store.state;
    render(html`<div class="page-head lists-head">
        <h1>My lists</h1>
        <a class="btn btn-ghost btn-sm" href="#/lists/trash" data-testid="open-trash">${iconT('trash', { cls: 'icon-sm' })}Trash</a>
      </div>
      <form class="lists-new" @submit=${create}>
        <span class="lists-new-icon">${iconT('plus')}</span>
        <input class="input" name="name" maxlength="200" placeholder="New list" aria-label="New list name" autocomplete="off" data-testid="new-list-name">
        <button class="btn btn-primary" type="submit" data-testid="create-list">Create</button>
      </form>
      ${!loaded ? html`<div class="lists-grid">${[0, 1, 2].map(() => html`<div class="lists-card skeleton"></div>`)}</div>`
        : items.length === 0 ? html`<div class="empty">${iconT('checks', { cls: 'icon-lg' })}<strong>No lists yet</strong>
            <span>Make a list for groceries, a trip or a project, then share it: everyone edits it at the same time.</span></div>`
        : html`<div class="lists-grid" data-testid="lists-grid">${repeat(items, (l) => l.id, card)}</div>`}`, el);
    sizeBars(el);
  };
  const unsub = store.on('state', paint);
  paint();
  store.load().catch(toastError);
  return () => unsub();
}

/** #/lists/trash: trashed lists with their purge date and a restore button (owners). */
export function mountTrash(outlet) {
  const { store } = service('lists');
  const el = document.createElement('div');
  el.className = 'page lists-page';
  outlet.replaceChildren(el);
  let items = null;
  const restore = async (l) => {
    try {
      const { list } = await lists.restore(l.id);
      items = items.filter((x) => x.id !== l.id);
      store.dispatch('upsert', list);
      toast(`“${l.name}” is back in your lists.`);
      paint();
    } catch (e) { toastError(e); }
  };
  const paint = () => render(html`<div class="page-head lists-head">
      <a class="icon-btn" href="#/lists" aria-label="Back to my lists">${iconT('back')}</a>
      <h1>Trash</h1></div>
    <p class="muted">Lists in the trash are deleted for good 30 days after they were trashed, with their attachments.</p>
    ${items === null ? html`<div class="lists-card skeleton"></div>`
      : items.length === 0 ? html`<div class="empty">${iconT('trash', { cls: 'icon-lg' })}<strong>The trash is empty</strong></div>`
      : html`<div class="lists-grid">${repeat(items, (l) => l.id, (l) => html`<div class="lists-card is-trashed" data-testid="trash-card">
          <span class="lists-card-icon">${iconT('trash')}</span>
          <span class="lists-card-main"><strong class="lists-card-name">${l.name}</strong>
            <span class="lists-card-meta">${l.itemCount || 0} tasks · trashed ${formatAgo(l.deletedAt)}${l.purgeAt ? ` · deleted for good ${formatAgo(l.purgeAt)}` : ''}</span></span>
          ${l.role === 'owner' ? html`<button type="button" class="btn btn-secondary btn-sm" data-testid="restore-list" @click=${() => restore(l)}>Restore</button>` : nothing}
        </div>`)}</div>`}`, el);
  paint();
  lists.trash().then((r) => { items = r.items; paint(); }, toastError);
}

/** #/lists/join/<token>: the list an invite link names and a join button. */
export function mountJoin(outlet, params) {
  const el = document.createElement('div');
  el.className = 'page join-page';
  outlet.replaceChildren(el);
  const { store } = service('lists');
  const show = (body) => render(html`<div class="card join-card" data-testid="list-join"><div class="card-body room-stack">${body}</div></div>`, el);
  show(html`<span class="muted">Loading…</span>`);
  lists.preview(params.token).then((p) => {
    if (p.member) { go(`/lists/${encodeURIComponent(p.listId)}`, { replace: true }); return; }
    const join = async () => {
      try {
        const { list } = await lists.accept(params.token);
        store.dispatch('upsert', list);
        go(`/lists/${encodeURIComponent(list.id)}`);
      } catch (e) { toastError(e); }
    };
    show(html`<span class="join-icon">${iconT('checks')}</span><h1>${p.name}</h1>
      <p class="muted">${p.owner?.username ? `${p.owner.username} invites you` : 'You are invited'} · ${ROLE[p.role] || p.role}</p>
      <button type="button" class="btn btn-primary btn-block" data-testid="join-list" @click=${join}>Join the list</button>`);
  }, (e) => show(html`${iconT('alert')}<strong>${e.status === 410 ? 'This invite link has expired' : 'This invite link does not work'}</strong>
      <span class="muted">Ask the list's owner for a new one.</span>`));
}
