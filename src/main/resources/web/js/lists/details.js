// The details panel of the selected task: title and notes with a format bar, due date and time,
// assignee, subtasks, attachments (pre-signed upload through the media feature, then an `att:`
// field), and delete. A viewer gets the same panel with every control disabled or hidden.
import { html, nothing } from '../lit.js';
import { iconT } from '../icons.js';
import { toastError } from '../toast.js';
import { formatAgo } from '../format.js';
import { uploadFile, renderAttachments, resolveMedia } from '../media.js';
import { dueParts, dueFrom } from './due.js';
import { memberName } from './listview.js';

const FORMATS = [
  ['bold', 'B', 'Bold (Ctrl+B)'], ['italic', 'I', 'Italic (Ctrl+I)'], ['strikethrough', 'S', 'Strikethrough (Ctrl+Shift+X)'], ['code', '</>', 'Code (Ctrl+E)'],
];

function formatBar(view, item) {
  // mousedown keeps the selection in the editor the button formats.
  const active = () => [view.editors.get(`${item.id}:title:details`), view.editors.get(`${item.id}:notes:details`)]
    .find((ed) => ed && ed.el.contains(document.activeElement));
  const keep = (e) => e.preventDefault();
  return html`<div class="lists-format" role="toolbar" aria-label="Text format">
    ${FORMATS.map(([type, label, title]) => html`<button type="button" class=${`lists-fmt fmt-${type}`} title=${title} aria-label=${title}
      data-testid=${`fmt-${type}`} @mousedown=${keep} @click=${() => active()?.toggle(type)}>${label}</button>`)}
    <button type="button" class="lists-fmt" title="Link (Ctrl+K)" aria-label="Link" data-testid="fmt-link" @mousedown=${keep}
      @click=${() => { const ed = active(); if (ed) view.askLink(ed); }}>${iconT('link', { cls: 'icon-sm' })}</button>
  </div>`;
}

function attachments(view, item, edit) {
  // Someone else's upload: its kind (image, video) and signed URLs come from the media API.
  view.media ||= new Map();
  for (const a of item.attachments) {
    if (view.media.has(a.mediaId)) continue;
    view.media.set(a.mediaId, null);
    resolveMedia(a.mediaId).then((m) => { view.media.set(a.mediaId, m); view.attCache = null; view.schedule(); }, () => {});
  }
  // Made once per set of attachments (lit keeps the node), so previews do not reload on every edit.
  const key = `${item.id}:${item.attachments.map((a) => `${a.mediaId}${view.media.get(a.mediaId) ? '+' : ''}`).join(',')}`;
  if (view.attCache?.key !== key) {
    view.attCache = { key, node: item.attachments.length
      ? renderAttachments(item.attachments.map((a) => ({ id: a.mediaId, ...(view.media?.get(a.mediaId) || {}) }))) : null };
  }
  const previews = view.attCache.node;
  const pick = async (e) => {
    const files = [...e.target.files];
    e.target.value = '';
    view.uploading = (view.uploading || 0) + files.length;
    view.schedule();
    for (const f of files) {
      try {
        const media = await uploadFile(f);
        view.media.set(media.id, media);
        view.session.doc.set(item.id, `att:${media.id}`, { mediaId: media.id, by: view.me() });
      } catch (err) { toastError(err); } finally { view.uploading -= 1; view.schedule(); }
    }
  };
  return html`<section class="lists-section"><h3>Attachments</h3>
    ${previews ? html`<div class="lists-atts" data-testid="attachments">${previews}</div>` : html`<p class="faint">No attachments</p>`}
    ${edit ? html`<label class="btn btn-secondary btn-sm lists-upload">${iconT('upload', { cls: 'icon-sm' })}${view.uploading ? 'Uploading…' : 'Add photo or video'}
      <input type="file" class="sr-only" accept="image/*,video/*" multiple data-testid="attach-file" @change=${pick}></label>` : nothing}
  </section>`;
}

function subtasks(view, item, edit) {
  const doc = view.session.doc;
  const subs = doc.items().filter((x) => x.parent === item.id);
  const add = (e) => {
    e.preventDefault();
    const input = e.target.elements.sub;
    const title = input.value.trim();
    if (!title) return;
    input.value = '';
    const last = subs.length ? subs[subs.length - 1].id : item.id;
    doc.addItem({ index: doc.order.elements().indexOf(last) + 1, title, parent: item.id, by: view.me() });
  };
  return html`<section class="lists-section"><h3>Subtasks</h3>
    <ul class="lists-subs">${subs.map((s) => html`<li class=${s.done ? 'is-done' : ''}>
      <button type="button" role="checkbox" aria-checked=${s.done ? 'true' : 'false'} class="lists-check sm" ?disabled=${!edit}
        aria-label="Done" @click=${() => view.toggleDone(s)}>${iconT('check', { cls: 'icon-sm' })}</button>
      <span class="lists-sub-title">${doc.text(s.id, 'title').text() || 'Untitled'}</span></li>`)}</ul>
    ${edit && !item.parent ? html`<form class="lists-sub-add" @submit=${add}>${iconT('plus', { cls: 'icon-sm' })}
      <input class="input" name="sub" placeholder="Add a subtask" aria-label="Add a subtask" maxlength="500" data-testid="add-subtask"></form>` : nothing}
  </section>`;
}

export function renderDetails(view, item) {
  const s = view.session;
  const edit = s.canEdit;
  const members = s.meta.members || [];
  const { day, time } = dueParts(item.due);
  const setDue = (d, t) => s.doc.set(item.id, 'due', dueFrom(d, t));
  const dayInput = (e) => setDue(e.target.value, e.target.value ? time : '');
  const timeInput = (e) => setDue(day, e.target.value);
  const assign = (e) => s.doc.set(item.id, 'assignee', e.target.value ? { user: e.target.value, by: view.me() } : null);
  const title = view.editor(item.id, 'title', 'details');
  const notes = view.editor(item.id, 'notes', 'details');
  return html`<div class="lists-details-head">
      <button type="button" class="icon-btn" aria-label="Close details" data-testid="close-details" @click=${() => view.select(item.id)}>${iconT('x')}</button>
      <span class="faint">${item.created ? `Added by ${memberName(members, item.created.by)} ${formatAgo(item.created.at)}` : ''}</span>
    </div>
    <div class="lists-details-title">
      <button type="button" role="checkbox" aria-checked=${item.done ? 'true' : 'false'} class="lists-check" ?disabled=${!edit}
        aria-label="Done" @click=${() => view.toggleDone(item)}>${iconT('check', { cls: 'icon-sm' })}</button>
      ${title.el}
    </div>
    ${item.done ? html`<p class="lists-done-by" data-testid="done-by">${iconT('check', { cls: 'icon-sm' })}Completed by ${memberName(members, item.done.by)} ${formatAgo(item.done.at)}</p>` : nothing}
    ${edit ? formatBar(view, item) : nothing}
    <div class="lists-notes">${notes.el}</div>
    <section class="lists-section lists-fields">
      <label class="lists-field"><span>${iconT('clock', { cls: 'icon-sm' })}Due</span>
        <input type="date" class="input" .value=${day} ?disabled=${!edit} data-testid="due-date" @change=${dayInput}>
        <input type="time" class="input" .value=${time} ?disabled=${!edit || !day} data-testid="due-time" aria-label="Due time" @change=${timeInput}></label>
      <label class="lists-field"><span>${iconT('user', { cls: 'icon-sm' })}Assignee</span>
        <select class="input" ?disabled=${!edit} data-testid="assignee" @change=${assign} .value=${item.assignee?.user || ''}>
          <option value="">Nobody</option>
          ${members.map((m) => html`<option value=${m.user.id} ?selected=${item.assignee?.user === m.user.id}>${m.user.fullName || m.user.displayName || m.user.username}</option>`)}
        </select></label>
      ${item.assignee?.by ? html`<p class="faint">Assigned by ${memberName(members, item.assignee.by)}</p>` : nothing}
    </section>
    ${item.parent ? nothing : subtasks(view, item, edit)}
    ${attachments(view, item, edit)}
    ${edit ? html`<button type="button" class="btn btn-ghost btn-sm lists-delete" data-testid="delete-item"
      @click=${() => { view.selected = null; s.doc.remove(item.id); }}>${iconT('trash', { cls: 'icon-sm' })}Delete task</button>` : nothing}`;
}
