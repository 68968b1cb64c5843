// The message composer: auto-growing text box, Enter to send (Shift+Enter for a new line),
// reply/edit bar, attachments tray, and typing notifications (at most one per 2 s).
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { attachmentPicker } from '../media.js';

const TYPING_EVERY_MS = 2000;

export class Composer {
  constructor({ onSend, onEdit, onTyping, onEmoji }) {
    this.hooks = { onSend, onEdit, onTyping, onEmoji };
    this.mode = null; // {kind: 'reply'|'edit', message}
    this.lastTyping = 0;
    this.input = h('textarea', { class: 'composer-input', rows: 1, placeholder: 'Message', 'aria-label': 'Message', maxlength: 4000, dataset: { testid: 'composer' } });
    this.sendBtn = h('button', { type: 'submit', class: 'send-btn', 'aria-label': 'Send', title: 'Send' }, icon('send'));
    this.bar = h('div', { class: 'composer-bar', hidden: true });
    this.picker = attachmentPicker(() => this.sync());
    this.emojiBtn = onEmoji ? h('button', { type: 'button', class: 'icon-btn emoji-open', 'aria-label': 'Insert emoji', title: 'Emoji',
      'aria-haspopup': 'dialog', onclick: () => onEmoji(this.emojiBtn, (e) => this.insert(e)) }, icon('smile')) : null;
    this.el = h('form', { class: 'composer', 'aria-label': 'Write a message' },
      this.bar, this.picker?.tray,
      h('div', { class: 'composer-row' }, this.picker?.button, this.emojiBtn, this.input, this.sendBtn));
    this.input.addEventListener('input', () => this.changed());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
      if (e.key === 'Escape' && this.mode) this.cancelMode();
      if (e.key === 'ArrowUp' && !this.input.value && this.hooks.lastOwn) this.hooks.lastOwn();
    });
    this.input.addEventListener('paste', (e) => {
      const files = [...(e.clipboardData?.files || [])];
      if (files.length && this.picker) { e.preventDefault(); files.forEach((f) => this.picker.add(f)); }
    });
    this.el.addEventListener('dragover', (e) => { if (this.picker && e.dataTransfer?.types.includes('Files')) e.preventDefault(); });
    this.el.addEventListener('drop', (e) => {
      const files = [...(e.dataTransfer?.files || [])];
      if (files.length && this.picker) { e.preventDefault(); files.forEach((f) => this.picker.add(f)); }
    });
    this.el.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    this.sync();
  }

  changed() {
    this.grow();
    this.sync();
    const now = Date.now();
    if (this.input.value.trim() && this.mode?.kind !== 'edit' && now - this.lastTyping > TYPING_EVERY_MS) {
      this.lastTyping = now;
      this.hooks.onTyping('start');
    } else if (!this.input.value.trim() && this.lastTyping) {
      this.lastTyping = 0;
      this.hooks.onTyping('stop');
    }
  }

  grow() {
    this.input.style.height = 'auto'; // CSSOM, allowed by the CSP (no style attribute in markup)
    this.input.style.height = `${Math.min(this.input.scrollHeight, 160)}px`;
  }

  sync() {
    const ready = Boolean(this.input.value.trim()) || Boolean(this.picker?.ready());
    this.sendBtn.disabled = !ready || Boolean(this.picker?.busy());
  }

  async submit() {
    const text = this.input.value.trim();
    if (this.mode?.kind === 'edit') {
      if (!text) return;
      const m = this.mode.message;
      this.cancelMode();
      this.hooks.onEdit(m, text);
      return;
    }
    if (this.picker?.busy()) return;
    const attachments = this.picker?.take() || [];
    if (!text && !attachments.length) return;
    const replyTo = this.mode?.kind === 'reply' ? this.mode.message : null;
    this.input.value = '';
    this.grow();
    this.cancelMode();
    if (this.lastTyping) { this.lastTyping = 0; this.hooks.onTyping('stop'); }
    this.hooks.onSend(text, { replyToId: replyTo?.id, attachments });
    this.sync();
    this.input.focus();
  }

  setMode(kind, message, who) {
    this.mode = { kind, message };
    const label = kind === 'edit' ? 'Editing message' : `Replying to ${who}`;
    this.bar.replaceChildren(icon(kind === 'edit' ? 'edit' : 'reply', { cls: 'icon-sm' }),
      h('div', { class: 'bar-text' }, h('strong', { text: label }), h('span', { class: 'muted', text: message.text || 'Attachment' })),
      h('button', { type: 'button', class: 'icon-btn sm', 'aria-label': kind === 'edit' ? 'Cancel editing' : 'Cancel reply', onclick: () => this.cancelMode() }, icon('x', { cls: 'icon-sm' })));
    this.bar.hidden = false;
    if (kind === 'edit') { this.input.value = message.text || ''; this.grow(); }
    this.sendLabel(kind === 'edit');
    this.sync();
    this.input.focus();
  }

  /** The send button saves while editing. */
  sendLabel(editing) {
    this.sendBtn.setAttribute('aria-label', editing ? 'Save edit' : 'Send');
    this.sendBtn.title = editing ? 'Save edit' : 'Send';
    this.sendBtn.replaceChildren(icon(editing ? 'check' : 'send'));
  }

  cancelMode() {
    if (this.mode?.kind === 'edit') { this.input.value = ''; this.grow(); this.sendLabel(false); }
    this.mode = null;
    this.bar.hidden = true;
    this.bar.replaceChildren();
    this.sync();
  }

  focus() {
    this.input.focus({ preventScroll: true });
  }

  /** Inserts text (an emoji) at the caret, replacing any selection; focus stays with the picker. */
  insert(text) {
    const { selectionStart: a = this.input.value.length, selectionEnd: b = a } = this.input;
    this.input.setRangeText(text, a, b, 'end');
    this.changed();
  }

  /** Puts text in the box to edit or send (a tapped suggestion). */
  setText(text) {
    this.input.value = text;
    this.grow();
    this.sync();
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
  }
}
