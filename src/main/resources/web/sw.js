// Juntos service worker (scope: the whole site). It only shows Web Push notifications and opens
// the right screen when one is clicked; it caches nothing. Payload (see io.juntos.push.PushEvent):
// {"title", "body", "url": "/#/chat/<id>", "tag"}.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let p = {};
  try {
    p = event.data ? event.data.json() : {};
  } catch {
    p = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof p.title === 'string' && p.title ? p.title : 'Juntos';
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof p.body === 'string' ? p.body : '',
    tag: typeof p.tag === 'string' ? p.tag : undefined,
    renotify: Boolean(p.tag),
    icon: '/icon.svg',
    badge: '/icon.svg',
    data: { url: typeof p.url === 'string' && p.url.startsWith('/') ? p.url : '/' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || '/', self.location.origin).href;
  event.waitUntil((async () => {
    const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const tab = tabs.find((c) => new URL(c.url).origin === self.location.origin);
    if (tab) {
      await tab.focus();
      return tab.navigate ? tab.navigate(url) : tab.postMessage({ type: 'open', url });
    }
    return self.clients.openWindow(url);
  })());
});
