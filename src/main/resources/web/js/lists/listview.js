// #/lists/<id>: one list, co-edited live. Open tasks (drag or Alt+↑/↓ to reorder, subtasks under
// their parent), the completed ones below, a details panel for the selected task, who is here,
// an offline badge, and the share dialog. Rendered with lit-html; the rich-text editors are
// long-lived nodes (one per item and field) that lit keeps in place while the list re-renders.
import { html, render, repeat, nothing } from '../lit.js';
import { iconT } from '../icons.js';
import { go } from '../router.js';
import { toastError } from '../toast.js';
import { service } from '../runtime.js';
import { RichText } from './editor.js';
import { dueBadge } from './due.js';
import { renderDetails } from './details.js';
import { openShare, confirm } from './share.js';
import { lists } from './rest.js';


const CONNECTION = { offline: 'Offline', connecting: 'Connecting…', reconnecting: 'Reconnecting…', idle: 'Connecting…' };

export function hueOf(key = '') {
  let n = 0;
  for (const ch of key) n = (n * 31 + ch.codePointAt(0)) >>> 0;
  return n % 8;
}

export function memberName(members, userId) {
  const m = members.find((x) => x.user.id === userId);
  return m ? (m.user.fullName || m.user.displayName || m.user.username) : 'Someone';
}

export function miniAvatar(members, userId, cls = '') {
  const name = memberName(members, userId);
  const initials = name.split(/\s+/).map((p) => p[0]).join('').slice(0, 2).toUpperCase();
  return html`<span class=${`avatar sm av-${hueOf(members.find((x) => x.user.id === userId)?.user.username || name)} ${cls}`} title=${name}><span class="initials">${initials}</span></span>`;
}

export class ListView {
  constructor(outlet, params) {
    this.store = service('lists').store;
    this.listId = params.id;
    this.selected = null;
    this.editors = new Map(); // `${itemId}:${field}:${where}` -> RichText
    this.el = document.createElement('div');
    this.el.className = 'lists-view';
    outlet.replaceChildren(this.el);
    this.unsubs = [this.store.select((s) => s.connection, () => this.schedule())];
    this.paint();
    this.store.acquire(this.listId).then((s) => this.attach(s), toastError);
  }

  attach(session) {
    if (this.destroyed) { this.store.release(this.listId); return; }
    this.session = session;
    this.unsubs.push(
      session.on('change', () => this.schedule()),
      session.on('meta', () => this.onMeta()),
      session.on('doc', () => this.dropEditors()),
      session.on('pending', () => this.schedule()),
      session.on('viewers', () => this.schedule()),
      session.on('carets', () => this.paintCarets()),
      session.on('gone', () => this.schedule()),
      session.on('error', (e) => toastError(e)),
    );
    this.onMeta();
  }

  onMeta() {
    const ro = !this.session?.canEdit;
    for (const ed of this.editors.values()) ed.setReadOnly(ro);
    this.schedule();
  }

  dropEditors() {
    for (const ed of this.editors.values()) ed.destroy();
    this.editors.clear();
    this.schedule();
  }

  /** The editor of one item's title or notes in one place (row or details), made once. */
  editor(itemId, field, where) {
    const key = `${itemId}:${field}:${where}`;
    let ed = this.editors.get(key);
    if (!ed) {
      const s = this.session;
      const doc = s.doc.text(itemId, field);
      ed = new RichText(doc, {
        multiline: field === 'notes',
        label: field === 'notes' ? 'Notes' : 'Task title',
        placeholder: field === 'notes' ? 'Add notes' : 'Task name',
        readOnly: !s.canEdit,
        maxLength: field === 'notes' ? s.meta.limits?.notesChars || 16000 : s.meta.limits?.titleChars || 500,
        onCaret: (sel) => s.caret(sel ? { itemId, field, index: sel.start, length: sel.end - sel.start } : null),
        onEnter: () => (where === 'row' ? this.addAfter(itemId) : this.focusNotes(itemId)),
        onBackspaceEmpty: () => (where === 'row' ? this.removeEmpty(itemId) : null),
        onLinkRequest: () => this.askLink(ed),
      });
      ed.el.dataset.testid = `${field}-${where}`;
      this.editors.set(key, ed);
    }
    return ed;
  }

  schedule() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.paint(); });
  }

  paint() {
    if (this.destroyed) return;
    const s = this.session;
    if (!s) { render(html`<div class="lists-loading"><div class="lists-card skeleton"></div></div>`, this.el); return; }
    if (s.gone) {
      render(html`<div class="page"><div class="empty">${iconT('lock', { cls: 'icon-lg' })}<strong>This list is not available</strong>
        <span>It was deleted, or you are no longer a member.</span><a class="btn btn-secondary" href="#/lists">My lists</a></div></div>`, this.el);
      return;
    }
    const items = s.doc.items();
    const open = items.filter((i) => !i.done && !(i.parent && items.find((p) => p.id === i.parent)?.done));
    const done = items.filter((i) => !open.includes(i));
    const selected = items.find((i) => i.id === this.selected) || null;
    this.el.classList.toggle('has-details', Boolean(selected));
    render(html`<div class="lists-main">
        ${this.header(s, items)}
        ${s.canEdit ? this.addForm() : nothing}
        <ol class="lists-items" data-testid="items" aria-label="Tasks">${repeat(open, (i) => i.id, (i) => this.row(i))}</ol>
        ${open.length === 0 && done.length === 0 ? html`<div class="empty lists-empty">${iconT('checks', { cls: 'icon-lg' })}<strong>Nothing to do yet</strong>
          <span>${s.canEdit ? 'Add a task above; everyone on the list sees it at once.' : 'Tasks appear here as soon as someone adds them.'}</span></div>` : nothing}
        ${done.length ? html`<details class="lists-done" ?open=${this.showDone !== false} @toggle=${(e) => { this.showDone = e.target.open; }}>
          <summary>Completed <span class="badge">${done.length}</span></summary>
          <ol class="lists-items" data-testid="done-items">${repeat(done, (i) => i.id, (i) => this.row(i))}</ol></details>` : nothing}
      </div>
      ${selected ? html`<aside class="lists-details" aria-label="Task details" data-testid="details">${renderDetails(this, selected)}</aside>` : nothing}`, this.el);
    this.paintCarets();
  }

  header(s, items) {
    const conn = this.store.state.connection;
    const offline = conn !== 'open';
    const pending = s.inFlight.size;
    const doneCount = items.filter((i) => i.done).length;
    const viewers = [...new Set(s.viewers.map((v) => v.userId))];
    return html`<header class="lists-bar">
      <a class="icon-btn" href="#/lists" aria-label="My lists">${iconT('back')}</a>
      <div class="lists-title">
        <h1 data-testid="list-name">${s.meta.name || 'List'}</h1>
        <span class="lists-sub">${items.length ? `${doneCount} of ${items.length} done` : 'No tasks'}${s.meta.role === 'viewer' ? html` · <span class="lists-role" data-testid="read-only">View only</span>` : nothing}</span>
      </div>
      ${offline ? html`<span class="lists-offline" role="status" data-testid="offline-badge">${iconT('wifiOff', { cls: 'icon-sm' })}${CONNECTION[conn] || 'Offline'}${pending ? ` · ${pending} unsent ${pending === 1 ? 'change' : 'changes'}` : ' · changes are kept here'}</span>` : nothing}
      <span class="lists-viewers" aria-label="Here now">${viewers.slice(0, 4).map((u) => miniAvatar(s.meta.members, u))}</span>
      <button type="button" class="btn btn-secondary btn-sm" data-testid="share" @click=${() => openShare(this)}>${iconT('users', { cls: 'icon-sm' })}<span class="lists-hide-sm">Share</span></button>
      ${s.meta.role === 'owner' ? html`<button type="button" class="icon-btn" aria-label="Move list to trash" title="Move to trash" data-testid="trash-list" @click=${() => this.trashList()}>${iconT('trash')}</button>` : nothing}
    </header>`;
  }

  addForm() {
    return html`<form class="lists-add" @submit=${(e) => { e.preventDefault(); this.add(e.target.elements.title); }}>
      <span class="lists-add-icon">${iconT('plus')}</span>
      <input class="lists-add-input" name="title" placeholder="Add a task" aria-label="Add a task" autocomplete="off" maxlength="500" data-testid="add-task">
    </form>`;
  }

  row(i) {
    const s = this.session;
    const title = this.editor(i.id, 'title', 'row');
    const due = dueBadge(i.due, Boolean(i.done));
    const subs = s.doc.items().filter((x) => x.parent === i.id);
    const hasNotes = s.doc.text(i.id, 'notes').length > 0;
    const edit = s.canEdit;
    return html`<li class=${`lists-item${i.depth ? ' is-sub' : ''}${i.done ? ' is-done' : ''}${this.selected === i.id ? ' is-selected' : ''}`}
        data-item=${i.id} data-testid="item" @dragover=${(e) => this.dragOver(e, i)} @drop=${(e) => this.drop(e, i)} @dragleave=${(e) => e.currentTarget.classList.remove('drop-before', 'drop-after')}>
      ${edit && !i.done ? html`<button type="button" class="lists-grip" draggable="true" aria-label="Move task (Alt+Arrow keys)" title="Drag, or Alt+↑/↓"
        data-testid="grip" @dragstart=${(e) => this.dragStart(e, i)} @keydown=${(e) => this.keyMove(e, i)}>${iconT('more', { cls: 'icon-sm' })}</button>` : html`<span class="lists-grip-space"></span>`}
      <button type="button" role="checkbox" aria-checked=${i.done ? 'true' : 'false'} class="lists-check" ?disabled=${!edit}
        aria-label=${i.done ? 'Mark as not done' : 'Mark as done'} data-testid="done-toggle" @click=${() => this.toggleDone(i)}>${iconT('check', { cls: 'icon-sm' })}</button>
      <div class="lists-item-body" @keydown=${(e) => this.keyMove(e, i)}>
        ${title.el}
        <div class="lists-item-meta">
          ${due ? html`<span class=${`lists-due ${due.tone}`} data-testid="due-badge">${iconT('clock', { cls: 'icon-sm' })}${due.label}</span>` : nothing}
          ${subs.length ? html`<span class="lists-chip">${subs.filter((x) => x.done).length}/${subs.length}</span>` : nothing}
          ${hasNotes ? html`<span class="lists-chip" title="Has notes">${iconT('edit', { cls: 'icon-sm' })}</span>` : nothing}
          ${i.attachments.length ? html`<span class="lists-chip" data-testid="attachment-count">${iconT('clip', { cls: 'icon-sm' })}${i.attachments.length}</span>` : nothing}
        </div>
      </div>
      ${i.assignee?.user ? miniAvatar(s.meta.members, i.assignee.user, 'lists-assignee') : nothing}
      <button type="button" class="icon-btn lists-open" aria-label="Task details" data-testid="open-details" @click=${() => this.select(i.id)}>${iconT('chevronRight', { cls: 'icon-sm' })}</button>
    </li>`;
  }

  paintCarets() {
    const s = this.session;
    if (!s) return;
    const by = new Map();
    for (const c of s.carets.values()) {
      if (!c.itemId || !c.field) continue;
      for (const where of ['row', 'details']) {
        const key = `${c.itemId}:${c.field}:${where}`;
        if (!by.has(key)) by.set(key, []);
        by.get(key).push({ index: c.index || 0, name: memberName(s.meta.members, c.userId), hue: hueOf(s.meta.members.find((m) => m.user.id === c.userId)?.user.username || '') });
      }
    }
    for (const [key, ed] of this.editors) ed.setCarets(by.get(key) || []);
  }

  // ---- edits ----

  me() { return this.store.user.id; }

  add(input) {
    const title = input.value.trim();
    if (!title || !this.session.canEdit) return;
    input.value = '';
    this.session.doc.addItem({ title, by: this.me() }); // at the end, as To Do and Todoist do
  }

  addAfter(itemId) {
    const doc = this.session.doc;
    const item = doc.items().find((i) => i.id === itemId);
    const index = doc.order.elements().indexOf(itemId) + 1;
    const id = doc.addItem({ index, parent: item?.parent || null, by: this.me() });
    requestAnimationFrame(() => this.editors.get(`${id}:title:row`)?.focus());
  }

  removeEmpty(itemId) {
    const doc = this.session.doc;
    const ids = doc.items().map((i) => i.id);
    const prev = ids[ids.indexOf(itemId) - 1];
    doc.remove(itemId);
    if (prev) requestAnimationFrame(() => this.editors.get(`${prev}:title:row`)?.focus());
  }

  focusNotes(itemId) {
    this.editors.get(`${itemId}:notes:details`)?.focus();
  }

  toggleDone(i) {
    if (!this.session.canEdit) return;
    this.session.doc.set(i.id, 'done', i.done ? null : { by: this.me(), at: new Date().toISOString() });
  }

  select(id) {
    this.selected = this.selected === id ? null : id;
    this.paint();
  }

  askLink(ed) {
    const url = prompt('Link address (leave empty to remove the link)');
    if (url !== null) ed.link(url.trim() || null);
  }

  async trashList() {
    if (!(await confirm('Move to trash?', 'The list goes to the trash for everyone. You can restore it for 30 days.', 'Move to trash'))) return;
    try {
      await lists.trashIt(this.listId);
      this.store.dispatch('dropped', this.listId);
      go('/lists');
    } catch (e) { toastError(e); }
  }

  /** Siblings in display order: the open top-level tasks, or the parent's subtasks. */
  siblings(i) {
    return this.session.doc.items().filter((x) => !x.done && (x.parent || null) === (i.parent || null));
  }

  moveNextTo(id, target, after) {
    const doc = this.session.doc;
    const rest = doc.order.elements().filter((x) => x !== id);
    const at = rest.indexOf(target);
    if (at < 0) return;
    doc.move(id, after ? at + 1 : at);
  }

  keyMove(e, i) {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !this.session.canEdit || i.done) return;
    e.preventDefault();
    const sib = this.siblings(i);
    const at = sib.findIndex((x) => x.id === i.id);
    const other = sib[e.key === 'ArrowUp' ? at - 1 : at + 1];
    if (!other) return;
    this.moveNextTo(i.id, other.id, e.key === 'ArrowDown');
    const focused = document.activeElement;
    requestAnimationFrame(() => focused?.focus?.());
  }

  dragStart(e, i) {
    this.dragging = i;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', i.id);
    const row = e.currentTarget.closest('.lists-item');
    e.dataTransfer.setDragImage(row, 20, 20);
  }

  dragOver(e, target) {
    const d = this.dragging;
    if (!d || d.id === target.id || (d.parent || null) !== (target.parent || null) || target.done) return;
    e.preventDefault();
    const row = e.currentTarget;
    const after = e.clientY > row.getBoundingClientRect().top + row.offsetHeight / 2;
    row.classList.toggle('drop-after', after);
    row.classList.toggle('drop-before', !after);
  }

  drop(e, target) {
    const d = this.dragging;
    this.dragging = null;
    const row = e.currentTarget;
    const after = row.classList.contains('drop-after');
    row.classList.remove('drop-before', 'drop-after');
    if (!d || d.id === target.id) return;
    e.preventDefault();
    this.moveNextTo(d.id, target.id, after);
  }

  destroy() {
    this.destroyed = true;
    cancelAnimationFrame(this.pending);
    this.unsubs.forEach((u) => u());
    for (const ed of this.editors.values()) ed.destroy();
    if (this.session) this.store.release(this.listId);
  }
}

export function mountList(outlet, params) {
  let view = new ListView(outlet, params);
  return {
    update(p) {
      if (p.id === view.listId) return;
      view.destroy();
      view = new ListView(outlet, p);
    },
    destroy: () => view.destroy(),
  };
}
