// The chat feature's web part: its routes, its navigation entry with the unread badge, and its
// session services (the store on the shared realtime connection, with the `conv.` resume cursors).
import { feature } from '../registry.js';
import { toastError } from '../toast.js';
import { ChatStore } from './store.js';
import { mount } from './screen.js';

const immersive = (params) => Boolean(params.id);

feature({
  id: 'chat',
  routes: [
    { path: '/chats', mount, nav: 'chats', title: 'Chats' },
    { path: '/chat/:id', mount, nav: 'chats', title: 'Chat', immersive },
    { path: '/join/:code', mount, nav: 'chats', title: 'Join' },
  ],
  nav: [{ key: 'chats', href: '#/chats', label: 'Chats', icon: 'chat', order: 10 }],
  home: '/chats',
  start({ realtime, user, badge }) {
    const store = new ChatStore(realtime, user);
    const loading = store.load().catch((e) => { toastError(e); });
    store.on('conversations', () => badge('chats', store.totalUnread()));
    return { store, realtime, loading, stop: () => store.destroy() };
  },
});

