// The lists feature's web part: My lists, the trash, one list co-edited live on the CRDT, the page
// an invite link opens, a nav entry, and the session's ListsStore (its list.<id> cursors join the
// socket's resume; opened lists live in IndexedDB so they open and take edits offline).
import { feature } from '../registry.js';
import { toastError } from '../toast.js';
import { mountOverview, mountTrash, mountJoin } from './pages.js';
import { mountList } from './listview.js';
import { ListsStore } from './store.js';

feature({
  id: 'lists',
  routes: [
    { path: '/lists', mount: mountOverview, nav: 'lists', title: 'Lists' },
    { path: '/lists/trash', mount: mountTrash, nav: 'lists', title: 'Trash' },
    { path: '/lists/join/:token', mount: mountJoin, nav: 'lists', title: 'Join a list' },
    { path: '/lists/:id', mount: mountList, nav: 'lists', title: 'List', immersive: () => true },
  ],
  nav: [{ key: 'lists', href: '#/lists', label: 'Lists', icon: 'checks', order: 15 }],
  start({ realtime, user }) {
    const store = new ListsStore(realtime, user);
    store.load().catch(toastError);
    return { store, stop: () => store.destroy() };
  },
});
