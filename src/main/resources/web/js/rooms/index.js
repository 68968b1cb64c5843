// The rooms feature's web part: the rooms list, the room view (player, queue, members, chat), the
// join page a /r/<token> link opens (signed-out visitors sign in and come back to it), a nav entry,
// and the session's RoomsStore, whose room.<id> cursors join the socket's resume.
import { feature } from '../registry.js';
import { toast, toastError } from '../toast.js';
import { mountList, mountJoin } from './pages.js';
import { mountRoom } from './room.js';
import { RoomsStore } from './store.js';

feature({
  id: 'rooms',
  routes: [
    { path: '/rooms', mount: mountList, nav: 'rooms', title: 'Rooms' },
    { path: '/rooms/:id', mount: mountRoom, nav: 'rooms', title: 'Room', immersive: () => true },
    { path: '/r/:token', mount: mountJoin, nav: 'rooms', title: 'Join a room' },
  ],
  nav: [{ key: 'rooms', href: '#/rooms', label: 'Rooms', icon: 'video', order: 20 }],
  start({ realtime }) {
    const store = new RoomsStore(realtime);
    const loading = store.load().catch(toastError);
    // Someone added me to a room: say so (the rooms list already shows it through the store).
    const unsubInvited = realtime.on('room.invited', (d) => {
      const by = d.invitedBy?.fullName || d.invitedBy?.username || 'Someone';
      toast(`${by} invited you to “${d.room?.name ?? 'a room'}”`);
    });
    return { store, realtime, loading, stop: () => { unsubInvited(); store.destroy(); } };
  },
});
