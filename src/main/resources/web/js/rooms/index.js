// The rooms feature's web part: watch-party rooms list, the join page for /r/<token> links, and
// the room view (player, queue, members, chat).
import { feature } from '../registry.js';
import { mountList, mountJoin } from './pages.js';
import { mountRoom } from './room.js';

feature({
  id: 'rooms',
  routes: [
    { path: '/rooms', mount: mountList, nav: 'rooms', title: 'Rooms' },
    { path: '/room/:id', mount: mountRoom, nav: 'rooms', title: 'Room', immersive: () => true },
    { path: '/r/:token', mount: mountJoin, nav: 'rooms', title: 'Join a room' },
  ],
  nav: [{ key: 'rooms', href: '#/rooms', label: 'Rooms', icon: 'video', order: 20 }],
});
