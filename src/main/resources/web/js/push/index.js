// Push notifications: the service worker (/sw.js), visibility reports on the socket (a visible
// tab means no push for this person), and the Notifications settings page.
import { feature } from '../registry.js';
import { mount } from './settings.js';

export const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export function registration() {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e) => { console.warn('service worker', e); return null; });
}

feature({
  id: 'push',
  routes: [{ path: '/notifications', mount, nav: 'notifications', title: 'Notifications' }],
  nav: [{ key: 'notifications', href: '#/notifications', label: 'Alerts', icon: 'bell', order: 85 }],
  start({ realtime }) {
    registration(); // no permission prompt here: only the settings page asks, after a click
    const report = () => realtime.request('push.visibility', { visible: document.visibilityState === 'visible' }, { transient: true }).catch(() => {});
    const offReady = realtime.on('ready', report);
    document.addEventListener('visibilitychange', report);
    const onMessage = (e) => { if (e.data?.type === 'open' && typeof e.data.url === 'string') location.assign(e.data.url); };
    navigator.serviceWorker?.addEventListener('message', onMessage);
    return {
      stop() {
        offReady();
        document.removeEventListener('visibilitychange', report);
        navigator.serviceWorker?.removeEventListener('message', onMessage);
      },
    };
  },
});
