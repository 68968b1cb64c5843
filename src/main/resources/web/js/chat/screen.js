// The chat screen: conversation list and the open conversation, side by side on wide screens
// and as two screens (with a back button) on phones. Also handles #/join/<code> links.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { go } from '../router.js';
import { service } from '../runtime.js';
import { toast, toastError } from '../toast.js';
import { rest } from './rest.js';
import { ConversationList } from './list.js';
import { Thread } from './thread.js';
import { openNewChat } from './dialogs.js';
import { count } from './words.js';

export function mount(outlet, params, route) {
  const { store, loading } = service('chat');
  const list = new ConversationList(store);
  const pane = h('div', { class: 'thread-pane' });
  const layout = h('div', { class: 'chat-layout' }, list.el, pane);
  outlet.replaceChildren(layout);
  let thread = null;
  let leftUnsub = null;

  function placeholder() {
    return h('div', { class: 'empty thread-placeholder' }, icon('chat'),
      h('strong', { text: 'Pick a conversation' }),
      h('span', { text: 'Or start a new one with someone by their username.' }),
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => openNewChat(store) }, icon('plus'), 'New conversation'));
  }

  async function show(p, r) {
    if (r?.pattern === '/join/:code') {
      thread?.destroy();
      thread = null;
      layout.classList.add('has-thread');
      pane.replaceChildren(await invitePreview(p.code));
      return;
    }
    const id = p.id || null;
    const jump = r?.query?.get('m');
    if (thread?.id === id) { if (jump) thread.jumpTo(jump); return; }
    thread?.destroy();
    leftUnsub?.();
    thread = null;
    store.dispatch('open', id);
    list.setActive(id);
    layout.classList.toggle('has-thread', Boolean(id));
    if (!id) { pane.replaceChildren(placeholder()); return; }
    if (!store.conversations.has(id)) {
      await loading;
      if (!store.conversations.has(id)) {
        try { store.upsertConversation(await rest.conversation(id), false); } catch (e) { toastError(e); go('/chats', { replace: true }); return; }
      }
    }
    thread = new Thread(store, id);
    pane.replaceChildren(thread.el);
    if (jump) thread.jumpTo(jump);
    leftUnsub = store.on(`left:${id}`, () => {
      if (store.state.departing !== id) toast('You are no longer in that conversation.');
      go('/chats');
    });
    if (matchMedia('(min-width: 721px)').matches) thread.focus();
  }

  /** What an invite link leads to, with a button to join (joining takes a deliberate click). */
  async function invitePreview(secret) {
    let preview;
    try {
      preview = await rest.invitePreview(secret);
    } catch (e) {
      return h('div', { class: 'empty invite-card' }, icon('alert'), h('strong', { text: 'This invite link does not work' }),
        h('span', { text: e.status === 404 ? 'It may have been replaced by a new one. Ask for a fresh link.' : e.message }),
        h('a', { class: 'btn btn-secondary', href: '#/chats', text: 'Back to chats' }));
    }
    const join = h('button', { type: 'button', class: 'btn btn-primary', text: 'Join group' });
    join.addEventListener('click', async () => {
      join.disabled = true;
      try {
        const conv = await rest.join(secret);
        store.upsertConversation(conv, true);
        toast(`You joined “${conv.name || 'the group'}”.`);
        go(`/chat/${encodeURIComponent(conv.id)}`, { replace: true });
      } catch (e) {
        join.disabled = false;
        toastError(e);
      }
    });
    const n = preview.memberCount || 0;
    return h('div', { class: 'empty invite-card', dataset: { testid: 'invite-preview' } },
      h('span', { class: 'avatar lg group-avatar', 'aria-hidden': 'true' }, h('span', { class: 'initials' }, icon('users'))),
      h('p', { class: 'muted', text: 'You are invited to join' }),
      h('h2', { class: 'invite-name', text: preview.name || 'a group' }),
      h('span', { text: count(n, 'member') }),
      h('div', { class: 'form-actions' }, h('a', { class: 'btn btn-secondary', href: '#/chats', text: 'Not now' }), join));
  }

  show(params, route);
  return {
    update: (p, r) => show(p, r),
    destroy() {
      thread?.destroy();
      leftUnsub?.();
      list.destroy();
      store.dispatch('open', null);
    },
  };
}
