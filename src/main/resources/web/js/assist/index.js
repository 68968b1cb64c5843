// Reply suggestions (docs/protocol.md §5a): a "Suggest" button above the composer asks for three
// replies; they stream in as chips (the text grows as the model writes), a tap puts one in the
// composer, Cancel stops the generation. Offline rules are labelled as such.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { get } from '../http.js';
import { extendComposer } from '../chat/extensions.js';

let sourceInfo = null; // GET /api/assist, once per page

function source() {
  sourceInfo ||= get('/api/assist').catch(() => ({ source: 'offline' }));
  return sourceInfo;
}

const ERRORS = {
  ai_rate_limited: 'The model is busy. Try again in a moment.',
  ai_timeout: 'The model took too long.',
  ai_unavailable: 'The model is not reachable right now.',
};

class SuggestionPanel {
  constructor({ conversationId, composer, realtime }) {
    Object.assign(this, { conversationId, composer, realtime });
    this.current = null;
    this.chips = [];
    this.label = h('span', { class: 'assist-label', text: 'Suggestions' });
    this.askBtn = h('button', { type: 'button', class: 'assist-ask', dataset: { testid: 'assist-ask' }, onclick: () => this.ask() },
      icon('smile', { cls: 'icon-sm' }), h('span', { text: 'Suggest replies' }));
    this.cancelBtn = h('button', { type: 'button', class: 'assist-cancel', hidden: true, dataset: { testid: 'assist-cancel' }, onclick: () => this.cancel() },
      icon('x', { cls: 'icon-sm' }), h('span', { text: 'Cancel' }));
    this.list = h('div', { class: 'assist-chips', role: 'list', dataset: { testid: 'assist-chips' } });
    this.status = h('span', { class: 'assist-status', role: 'status' });
    this.el = h('div', { class: 'assist', 'aria-label': 'Reply suggestions' },
      h('div', { class: 'assist-row' }, this.askBtn, this.cancelBtn, this.label, this.status), this.list);
    this.unsub = realtime.on('assist.*', (data, type) => this.frame(type, data));
    source().then((s) => {
      this.label.textContent = s.source === 'model' ? 'by a language model' : 'Quick replies (offline rules)';
      this.label.title = s.source === 'model' ? 'Your newest messages in this conversation are sent to the configured model when you ask.'
        : 'Made on the server from simple rules and your frequent replies. Nothing is sent anywhere.';
    });
  }

  ask() {
    this.cancel();
    const id = `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.current = id;
    this.chips = [];
    this.list.replaceChildren();
    this.status.textContent = 'Thinking…';
    this.busy(true);
    this.realtime.request('assist.suggest', { conversationId: this.conversationId, suggestionId: id }, { transient: true })
      .catch((e) => { if (this.current === id) this.fail(e.detail || e.message || 'Suggestions failed.'); });
  }

  cancel() {
    if (!this.current) return;
    const id = this.current;
    this.current = null;
    this.busy(false);
    this.status.textContent = this.chips.length ? '' : 'Cancelled.';
    this.realtime.request('assist.cancel', { suggestionId: id }, { transient: true }).catch(() => {});
  }

  busy(on) {
    this.askBtn.hidden = on;
    this.cancelBtn.hidden = !on;
    this.el.classList.toggle('streaming', on);
  }

  frame(type, d) {
    if (!d || d.suggestionId !== this.current) return;
    if (type === 'assist.delta') {
      this.status.textContent = '';
      this.chip(d.index).textContent = d.text;
    } else if (type === 'assist.done') {
      d.suggestions.forEach((t, i) => { this.chip(i).textContent = t; });
      this.current = null;
      this.busy(false);
    } else if (type === 'assist.error') {
      this.fail(ERRORS[d.code] || d.detail);
    }
  }

  chip(i) {
    while (this.chips.length <= i) {
      const c = h('button', { type: 'button', class: 'assist-chip', role: 'listitem', dataset: { testid: 'assist-chip' } });
      c.addEventListener('click', () => { this.composer.setText(c.textContent); });
      this.chips.push(c);
      this.list.append(c);
    }
    return this.chips[i];
  }

  fail(message) {
    this.current = null;
    this.busy(false);
    this.status.textContent = message;
  }

  destroy() {
    this.cancel();
    this.unsub();
  }
}

extendComposer((ctx) => (ctx.realtime ? new SuggestionPanel(ctx) : null));
