// Placeholder until the chat view lands.
import { h } from '../dom.js';
import { icon } from '../icons.js';

export function mount(outlet) {
  outlet.replaceChildren(h('div', { class: 'page' }, h('div', { class: 'empty' }, icon('chat'), h('strong', { text: 'Chats are coming' }))));
}
