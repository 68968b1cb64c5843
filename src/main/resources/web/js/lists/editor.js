// Inline rich-text editing of one TextDoc (an item's title or notes) in a contenteditable host.
// The document is the source of truth: every `beforeinput` is cancelled and turned into a CRDT
// edit (insert/delete/format), then the host is rebuilt from doc.spans() and the caret put back.
// So the DOM never holds text the CRDT does not know (nothing typed can diverge from what is sent
// and kept offline), and user text only ever enters the page through textContent.
// The host element is long-lived (docs/web-client.md): a view creates it once and keeps it.
import { MARK_TYPES } from '../crdt/index.js';

const TAGS = { bold: 'strong', italic: 'em', strikethrough: 's', code: 'code' };
const SHORTCUTS = { b: 'bold', i: 'italic', e: 'code' };
const SAFE_LINK = /^(https?:|mailto:)/i;

/** The caret (or selection) as UTF-16 offsets into the host's text, or null when it is elsewhere. */
export function selectionIn(host) {
  const sel = host.ownerDocument.getSelection();
  if (!sel || sel.rangeCount === 0 || !host.contains(sel.anchorNode)) return null;
  const range = sel.getRangeAt(0);
  const start = offsetOf(host, range.startContainer, range.startOffset);
  const end = offsetOf(host, range.endContainer, range.endOffset);
  return { start: Math.min(start, end), end: Math.max(start, end) };
}

function offsetOf(host, node, offset) {
  if (node.nodeType !== Node.TEXT_NODE) {
    // An element boundary: count the text of the children before `offset`.
    let n = 0;
    for (let i = 0; i < offset && i < node.childNodes.length; i++) n += node.childNodes[i].textContent.length;
    return n + textBefore(host, node);
  }
  return offset + textBefore(host, node);
}

function textBefore(host, node) {
  let n = 0;
  const walker = host.ownerDocument.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t && t !== node; t = walker.nextNode()) {
    if (node.nodeType !== Node.TEXT_NODE && node.contains(t)) break;
    n += t.data.length;
  }
  return n;
}

/** A DOM position for a text offset (the end of the host when past it). */
export function pointAt(host, index) {
  const walker = host.ownerDocument.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  let left = index;
  let last = null;
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (left <= t.data.length) return { node: t, offset: left };
    left -= t.data.length;
    last = t;
  }
  return last ? { node: last, offset: last.data.length } : { node: host, offset: host.childNodes.length };
}

function spanNode(doc, span) {
  let node = doc.createTextNode(span.text);
  for (const type of ['code', 'strikethrough', 'italic', 'bold']) {
    if (!span.marks[type]) continue;
    const el = doc.createElement(TAGS[type]);
    el.append(node);
    node = el;
  }
  if (span.marks.link) {
    const a = doc.createElement('a');
    if (SAFE_LINK.test(span.marks.link)) a.href = span.marks.link;
    a.rel = 'noopener noreferrer nofollow';
    a.target = '_blank';
    a.append(node);
    node = a;
  }
  return node;
}

export class RichText {
  /**
   * @param {import('../crdt/index.js').TextDoc} doc
   * @param {{multiline?: boolean, placeholder?: string, label: string, readOnly?: boolean,
   *          onEnter?: () => void, onBackspaceEmpty?: () => void, onCaret?: (sel) => void, onEdit?: () => void,
   *          maxLength?: number}} options
   */
  constructor(doc, options) {
    this.doc = doc;
    this.o = options;
    this.remote = [];
    this.el = document.createElement('div');
    this.el.className = `rt ${options.multiline ? 'rt-multi' : 'rt-single'}`;
    this.host = document.createElement('div');
    this.host.className = 'rt-host';
    this.host.setAttribute('role', 'textbox');
    this.host.setAttribute('aria-label', options.label);
    if (options.multiline) this.host.setAttribute('aria-multiline', 'true');
    this.host.dataset.placeholder = options.placeholder || '';
    this.carets = document.createElement('div');
    this.carets.className = 'rt-carets';
    this.carets.setAttribute('aria-hidden', 'true');
    this.el.append(this.host, this.carets);
    this.setReadOnly(Boolean(options.readOnly));
    this.host.addEventListener('beforeinput', (e) => this.onBeforeInput(e));
    this.host.addEventListener('keydown', (e) => this.onKey(e));
    this.host.addEventListener('compositionend', () => this.reconcile());
    this.host.addEventListener('focus', () => this.el.classList.add('is-focused'));
    this.host.addEventListener('blur', () => { this.el.classList.remove('is-focused'); this.o.onCaret?.(null); });
    this.onSelection = () => { const s = selectionIn(this.host); if (s) this.o.onCaret?.(s); };
    document.addEventListener('selectionchange', this.onSelection);
    // Any change this editor did not make (a peer's, or another editor of the same text, such as
    // the row's title while the details panel formats it) repaints it.
    this.editing = false;
    this.unobserve = doc.observe((ev) => { if (!this.editing) this.remoteChange(ev); });
    this.paint();
  }

  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    this.host.contentEditable = readOnly ? 'false' : 'true';
    this.host.setAttribute('aria-readonly', String(readOnly));
    this.host.tabIndex = readOnly ? -1 : 0;
  }

  focus(atEnd = true) {
    this.host.focus();
    if (atEnd) this.place(this.doc.length, this.doc.length);
  }

  destroy() {
    document.removeEventListener('selectionchange', this.onSelection);
    this.unobserve();
  }

  /** Rebuilds the host from the document; keeps the local caret where it was. */
  paint(caret = selectionIn(this.host)) {
    const spans = this.doc.spans();
    this.host.replaceChildren(...spans.map((s) => spanNode(document, s)));
    this.host.classList.toggle('is-empty', this.doc.length === 0);
    if (caret && document.activeElement === this.host) this.place(caret.start, caret.end);
    this.paintCarets();
  }

  place(start, end = start) {
    const sel = document.getSelection();
    const a = pointAt(this.host, start);
    const b = pointAt(this.host, end);
    const range = document.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  /** A peer's edit: shift the local caret past text inserted before it, then repaint. */
  remoteChange(ev) {
    const caret = selectionIn(this.host);
    if (caret && ev.type === 'insert') {
      const n = ev.text.length;
      if (ev.index < caret.start) caret.start += n;
      if (ev.index < caret.end) caret.end += n;
    } else if (caret && ev.type === 'delete') {
      const cut = (p) => (p <= ev.index ? p : Math.max(ev.index, p - ev.length));
      caret.start = cut(caret.start);
      caret.end = cut(caret.end);
    }
    this.paint(caret);
    this.o.onRemote?.();
  }

  /** Other editors' carets: [{index, name, hue}] drawn as coloured bars with the person's name. */
  setCarets(list) {
    this.remote = list;
    this.paintCarets();
  }

  paintCarets() {
    this.carets.replaceChildren();
    if (!this.remote.length || !this.el.isConnected) return;
    const box = this.el.getBoundingClientRect();
    for (const c of this.remote) {
      const p = pointAt(this.host, Math.min(c.index, this.doc.length));
      const range = document.createRange();
      range.setStart(p.node, p.offset);
      range.collapse(true);
      const rect = range.getClientRects()[0] || this.host.getBoundingClientRect();
      const mark = document.createElement('span');
      mark.className = `rt-caret av-${c.hue}`;
      mark.dataset.testid = 'remote-caret';
      mark.style.transform = `translate(${Math.round(rect.left - box.left)}px, ${Math.round(rect.top - box.top)}px)`;
      mark.style.blockSize = `${Math.round(rect.height || 18)}px`;
      const name = document.createElement('span');
      name.className = 'rt-caret-name';
      name.textContent = c.name;
      mark.append(name);
      this.carets.append(mark);
    }
  }

  edit(fn) {
    this.editing = true;
    try { fn(); } finally { this.editing = false; }
    this.o.onEdit?.();
  }

  onBeforeInput(e) {
    if (e.inputType === 'insertCompositionText') return; // IME: reconciled at compositionend
    e.preventDefault();
    if (this.readOnly) return;
    const sel = selectionIn(this.host) || { start: this.doc.length, end: this.doc.length };
    const replace = (text) => this.edit(() => {
      if (sel.end > sel.start) this.doc.delete(sel.start, sel.end - sel.start);
      const room = this.o.maxLength ? Math.max(0, this.o.maxLength - this.doc.length) : text.length;
      const put = text.slice(0, room);
      if (put) this.doc.insert(sel.start, put);
      this.paint({ start: sel.start + put.length, end: sel.start + put.length });
    });
    switch (e.inputType) {
      case 'insertText': case 'insertReplacementText': case 'insertFromPaste': case 'insertFromDrop': {
        let text = e.data ?? e.dataTransfer?.getData('text/plain') ?? '';
        if (!this.o.multiline) text = text.replace(/[\r\n]+/g, ' ');
        replace(text.replace(/\r\n?/g, '\n'));
        return;
      }
      case 'insertParagraph': case 'insertLineBreak':
        if (this.o.multiline) replace('\n'); else this.o.onEnter?.();
        return;
      case 'deleteContentBackward': case 'deleteContentForward': case 'deleteWordBackward': case 'deleteWordForward':
      case 'deleteByCut': case 'deleteContent': case 'deleteSoftLineBackward': case 'deleteHardLineBackward':
        this.deleteFor(e.inputType, sel);
        return;
      case 'formatBold': this.toggle('bold'); return;
      case 'formatItalic': this.toggle('italic'); return;
      case 'formatStrikeThrough': this.toggle('strikethrough'); return;
      default: // undo/redo and the rest are not CRDT edits yet: refused rather than half-applied
    }
  }

  deleteFor(type, sel) {
    let { start, end } = sel;
    if (start === end) {
      const backward = !type.endsWith('Forward');
      if (backward && start === 0) { if (this.doc.length === 0) this.o.onBackspaceEmpty?.(); return; }
      if (!backward && end >= this.doc.length) return;
      const text = this.doc.text();
      if (type.includes('Word') || type.includes('Line')) {
        if (backward) { start = type.includes('Line') ? text.lastIndexOf('\n', start - 1) + 1 : wordStart(text, start); } else end = wordEnd(text, end);
        if (start === end) start = Math.max(0, start - 1);
      } else if (backward) start -= 1; else end += 1;
    }
    this.edit(() => {
      this.doc.delete(start, end - start);
      this.paint({ start, end: start });
    });
  }

  onKey(e) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (SHORTCUTS[k] && !e.shiftKey) { e.preventDefault(); this.toggle(SHORTCUTS[k]); return; }
    if (k === 'x' && e.shiftKey) { e.preventDefault(); this.toggle('strikethrough'); return; }
    if (k === 'k') { e.preventDefault(); this.o.onLinkRequest?.(); }
  }

  /** Marks active over the whole current selection (what the toolbar shows as pressed). */
  activeMarks() {
    const sel = selectionIn(this.host);
    if (!sel || sel.start === sel.end) return {};
    let at = 0;
    const seen = [];
    for (const s of this.doc.spans()) {
      const from = at;
      at += s.text.length;
      if (at > sel.start && from < sel.end) seen.push(s.marks);
    }
    return Object.fromEntries(MARK_TYPES.map((m) => [m, seen.length > 0 && seen.every((x) => x[m])]));
  }

  toggle(type, value = true) {
    if (this.readOnly) return;
    const sel = selectionIn(this.host);
    if (!sel || sel.start === sel.end) return;
    const on = type === 'link' ? value : !this.activeMarks()[type];
    this.edit(() => {
      this.doc.format(sel.start, sel.end - sel.start, type, on || null);
      this.paint(sel);
    });
  }

  /** Sets (url) or removes (null) a link on the selection. */
  link(url) {
    if (url && !SAFE_LINK.test(url)) url = `https://${url}`;
    this.toggle('link', url || null);
  }

  /** After an IME composition the DOM holds text the document lacks: apply the difference. */
  reconcile() {
    const now = this.host.textContent;
    const old = this.doc.text();
    if (now === old) return;
    let p = 0;
    while (p < now.length && p < old.length && now[p] === old[p]) p++;
    let s = 0;
    while (s < now.length - p && s < old.length - p && now[now.length - 1 - s] === old[old.length - 1 - s]) s++;
    this.edit(() => {
      if (old.length - p - s > 0) this.doc.delete(p, old.length - p - s);
      const ins = now.slice(p, now.length - s);
      if (ins) this.doc.insert(p, ins);
      this.paint({ start: p + ins.length, end: p + ins.length });
    });
  }
}

function wordStart(text, i) {
  let p = i;
  while (p > 0 && /\s/.test(text[p - 1])) p--;
  while (p > 0 && !/\s/.test(text[p - 1])) p--;
  return p;
}

function wordEnd(text, i) {
  let p = i;
  while (p < text.length && /\s/.test(text[p])) p++;
  while (p < text.length && !/\s/.test(text[p])) p++;
  return p;
}
