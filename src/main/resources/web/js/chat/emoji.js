// The emoji picker, for reactions and the composer: the full emoji set with names and keywords from
// emojilib (npm, served from its WebJar at /vendor/emojilib/), searchable, recently used first,
// grouped like Unicode's list, and usable from the keyboard (arrows move, Enter picks, Escape
// closes and gives focus back to the button that opened it). It opens next to that button.
import { h } from '../dom.js';
import { icon } from '../icons.js';

const DATA_URL = '/vendor/emojilib/dist/emoji-en-US.json';
const RECENT_KEY = 'juntos.emoji.recent';
const RECENT_MAX = 24;
const DEFAULT_RECENT = ['👍', '❤️', '😂', '😮', '😢', '🎉', '🙏', '🔥'];
const MAX_RESULTS = 300;
/**
 * emojilib lists emoji in Unicode's order, so each group starts at a known emoji; the ones added
 * after Emoji 13 come last (after the flags) and form a group of their own.
 */
const GROUPS = [
  ['😀', 'Smileys'], ['👋', 'People'], ['🐵', 'Animals & nature'], ['🍇', 'Food & drink'], ['🌍', 'Travel & places'],
  ['🎃', 'Activities'], ['👓', 'Objects'], ['🏧', 'Symbols'], ['🏁', 'Flags'], ['🥲', 'Newer emoji'],
];

let catalogue = null;

/** [{emoji, name, words}] in Unicode order, loaded once per page. */
function load() {
  catalogue ||= fetch(DATA_URL, { credentials: 'same-origin' }).then((res) => {
    if (!res.ok) throw new Error(`emoji data: HTTP ${res.status}`);
    return res.json();
  }).then((map) => Object.entries(map).map(([emoji, words]) => ({
    emoji,
    name: String(words[0] || emoji).replaceAll('_', ' '),
    words: words.join(' ').replaceAll('_', ' ').toLowerCase(),
  })));
  catalogue.catch(() => { catalogue = null; }); // a failed load is tried again on the next open
  return catalogue;
}

function recent() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || 'null');
    return Array.isArray(list) && list.length ? list.filter((e) => typeof e === 'string').slice(0, RECENT_MAX) : DEFAULT_RECENT;
  } catch {
    return DEFAULT_RECENT;
  }
}

function remember(emoji) {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify([emoji, ...recent().filter((e) => e !== emoji)].slice(0, RECENT_MAX)));
  } catch { /* storage disabled: recents are just not kept */ }
}

/** Every word of the query must start a word of the emoji's name or keywords ("red he" finds ❤️). */
export function matches(item, query) {
  const words = ` ${item.words}`;
  return query.split(/\s+/).filter(Boolean).every((q) => words.includes(` ${q}`) || item.emoji === q);
}

export class EmojiPicker {
  /** Opens the picker next to `anchor`; onPick(emoji) for each choice. Closes any other picker. */
  static open(anchor, onPick, { label = 'Pick an emoji', keepOpen = false } = {}) {
    document.querySelector('.emoji-picker')?.dispatchEvent(new Event('picker-close'));
    return new EmojiPicker(anchor, onPick, { label, keepOpen });
  }

  constructor(anchor, onPick, { label, keepOpen }) {
    this.anchor = anchor;
    this.onPick = onPick;
    this.keepOpen = keepOpen;
    this.items = [];
    this.search = h('input', { type: 'search', class: 'input emoji-search', placeholder: 'Search emoji', 'aria-label': 'Search emoji', autocomplete: 'off' });
    this.tabs = h('div', { class: 'emoji-tabs', role: 'toolbar', 'aria-label': 'Emoji groups' });
    this.body = h('div', { class: 'emoji-scroll' });
    this.el = h('div', { class: 'emoji-picker', role: 'dialog', 'aria-label': label, dataset: { testid: 'emoji-picker' } },
      h('div', { class: 'emoji-head' }, icon('search', { cls: 'icon-sm' }), this.search), this.tabs, this.body);
    this.wire();
    document.body.append(this.el);
    this.place();
    this.renderList();
    this.search.focus();
    load().then((items) => { this.items = items; this.renderTabs(); this.renderList(); },
      () => { this.failed = true; this.renderList(); });
  }

  wire() {
    this.search.addEventListener('input', () => this.renderList());
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') { e.preventDefault(); this.buttons()[0]?.focus(); }
      if (e.key === 'Enter') { e.preventDefault(); const first = this.buttons()[0]; if (first) this.pick(first.dataset.emoji); }
    });
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    this.el.addEventListener('picker-close', () => this.close(false));
    this.outside = (e) => { if (!this.el.contains(e.target) && !this.anchor.contains(e.target)) this.close(false); };
    document.addEventListener('pointerdown', this.outside, true);
    this.onResize = () => this.place();
    window.addEventListener('resize', this.onResize);
  }

  /** Fixed, next to the button: below it when there is room, else above; always inside the window. */
  place() {
    const r = this.anchor.getBoundingClientRect();
    const width = Math.min(344, window.innerWidth - 16);
    const height = Math.min(380, window.innerHeight - 16);
    const below = window.innerHeight - r.bottom - 8 >= height;
    const top = below ? r.bottom + 6 : Math.max(8, r.top - height - 6);
    const left = Math.min(Math.max(8, r.right - width), window.innerWidth - width - 8);
    // CSSOM properties: allowed by the CSP (which forbids style attributes in markup, not these).
    Object.assign(this.el.style, { top: `${top}px`, left: `${left}px`, width: `${width}px`, height: `${height}px` });
  }

  renderTabs() {
    this.tabs.replaceChildren(...GROUPS.map(([first, name]) => h('button', {
      type: 'button', class: 'emoji-tab', 'aria-label': name, title: name, text: first, tabindex: '-1',
      onclick: () => { this.search.value = ''; this.renderList(); this.body.querySelector(`[data-group="${name}"]`)?.scrollIntoView({ block: 'start' }); },
    })));
  }

  renderList() {
    const q = this.search.value.trim().toLowerCase();
    const byEmoji = new Map(this.items.map((i) => [i.emoji, i]));
    const sections = [];
    if (q) {
      const found = this.items.filter((i) => matches(i, q)).slice(0, MAX_RESULTS);
      sections.push(found.length ? this.section('Results', found) : h('p', { class: 'emoji-note', text: `No emoji for “${this.search.value.trim()}”.` }));
    } else {
      sections.push(this.section('Recently used', recent().map((e) => byEmoji.get(e) || { emoji: e, name: e })));
      let at = 0;
      GROUPS.forEach(([first, name], g) => {
        const start = this.items.findIndex((i) => i.emoji === first);
        const end = g + 1 < GROUPS.length ? this.items.findIndex((i) => i.emoji === GROUPS[g + 1][0]) : this.items.length;
        if (start < 0 || end < start) return;
        sections.push(this.section(name, this.items.slice(Math.max(start, at), end)));
        at = end;
      });
      if (this.failed) sections.push(h('p', { class: 'emoji-note', text: 'The full emoji list could not be loaded.' }));
      else if (!this.items.length) sections.push(h('span', { class: 'spinner', 'aria-label': 'Loading emoji' }));
    }
    this.body.replaceChildren(...sections);
    const first = this.buttons()[0];
    if (first) first.tabIndex = 0; // one tab stop into the grid; arrows move inside it
  }

  section(title, list) {
    return h('section', { class: 'emoji-section', dataset: { group: title }, 'aria-label': title },
      h('h3', { class: 'emoji-title', text: title }),
      h('div', { class: 'emoji-grid' }, list.map((i) => h('button', {
        type: 'button', class: 'emoji-btn', tabindex: '-1', title: i.name, 'aria-label': i.name, dataset: { emoji: i.emoji }, text: i.emoji,
        onclick: () => this.pick(i.emoji),
      }))));
  }

  buttons() {
    return [...this.body.querySelectorAll('.emoji-btn')];
  }

  onKey(e) {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this.close(true); return; }
    const all = this.buttons();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    const cols = Math.max(1, Math.round(this.body.querySelector('.emoji-grid').clientWidth / all[0].offsetWidth));
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, Home: -at, End: all.length - 1 - at }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    if (at + step < 0 && e.key === 'ArrowUp') { this.search.focus(); return; }
    const next = all[Math.min(all.length - 1, Math.max(0, at + step))];
    all[at].tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  pick(emoji) {
    remember(emoji);
    this.onPick(emoji);
    if (!this.keepOpen) this.close(true);
  }

  close(refocus) {
    if (!this.el.isConnected) return;
    this.el.remove();
    document.removeEventListener('pointerdown', this.outside, true);
    window.removeEventListener('resize', this.onResize);
    if (refocus) this.anchor.focus();
  }
}
