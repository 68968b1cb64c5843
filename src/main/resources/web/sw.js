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

/**
 * Brings the person to the notification's screen (a route of the web client, e.g. "/#/chat/<id>"
 * or "/#/rooms/<id>"): an open Juntos tab is focused and navigated there, else a new one opens.
 * Focusing can be refused (the browser decides what counts as a user's click); the tab is still
 * navigated, so the right conversation is on screen when the person looks.
 */
async function openClient(path) {
  const url = new URL(typeof path === 'string' && path.startsWith('/') ? path : '/', self.location.origin).href;
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const tab = tabs.find((c) => new URL(c.url).origin === self.location.origin);
  if (!tab) return self.clients.openWindow(url);
  await tab.focus().catch(() => {});
  if (tab.navigate) {
    const navigated = await tab.navigate(url).catch(() => null);
    if (navigated) return navigated;
  }
  // Not controlled by this worker yet (navigate refuses): the page navigates itself (push/index.js).
  tab.postMessage({ type: 'open', url });
  return tab;
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const opening = openClient(event.notification.data?.url);
  // Only a click the browser dispatched may keep the worker alive until the tab is open; an
  // event dispatched by script (isTrusted false) cannot, and waitUntil would throw.
  if (event.isTrusted) event.waitUntil(opening);
});
