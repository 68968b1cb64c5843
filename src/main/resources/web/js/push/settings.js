// Notifications settings: turn pushes on for this device (the permission prompt only follows a
// click), hide message text, the devices that receive pushes (removable), muted conversations.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { get, post, put, del } from '../http.js';
import { toast, toastError } from '../toast.js';
import { formatAgo } from '../format.js';
import { registration, supported } from './index.js';

function b64urlToBytes(s) {
  const pad = '='.repeat((4 - (s.length % 4)) % 4);
  const raw = atob((s + pad).replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function deviceLabel() {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrom/.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

export function mount(outlet) {
  const state = h('p', { class: 'muted', dataset: { testid: 'push-state' } });
  const enable = h('button', { type: 'button', class: 'btn btn-primary', dataset: { testid: 'push-enable' } }, icon('bell'), 'Turn on for this device');
  const hide = h('input', { type: 'checkbox', id: 'push-hide', dataset: { testid: 'push-hide' } });
  const devices = h('ul', { class: 'push-list', dataset: { testid: 'push-devices' } });
  const convs = h('ul', { class: 'push-list', dataset: { testid: 'push-mutes' } });
  const card = (title, text, ...body) => h('section', { class: 'card' }, h('div', { class: 'card-body' },
    h('div', { class: 'card-head' }, h('h2', { text: title }), h('p', { text })), ...body));
  outlet.replaceChildren(h('div', { class: 'page' },
    h('header', { class: 'page-head' }, h('div', null, h('h1', { text: 'Notifications' }),
      h('p', { text: 'Alerts for new messages when Juntos is not open on your screen.' }))),
    card('This device', 'Your browser asks for permission when you turn them on.', state, h('div', null, enable)),
    card('Privacy', 'What a notification shows on a locked screen.',
      h('label', { class: 'push-toggle', for: 'push-hide' }, hide, h('span', { text: 'Hide message text (show "New message")' }))),
    card('Devices', 'Devices that receive your notifications.', devices),
    card('Conversations', 'Mute a conversation to stop its notifications.', convs)));

  let info = null;
  async function load() {
    try {
      info = await get('/api/push');
      hide.checked = info.hideText;
      const [subs, list] = await Promise.all([get('/api/push/subscriptions'), get('/api/conversations')]);
      renderDevices(subs.items);
      renderConversations(list.items, new Set(info.mutes));
      await renderState();
    } catch (e) { toastError(e); }
  }

  async function renderState() {
    if (!supported()) { state.textContent = 'This browser cannot receive push notifications.'; enable.hidden = true; return; }
    const reg = await registration();
    const sub = await reg?.pushManager.getSubscription();
    if (Notification.permission === 'denied') { state.textContent = 'Notifications are blocked in your browser settings.'; enable.hidden = true; }
    else if (sub) { state.textContent = 'On for this device.'; enable.hidden = true; }
    else { state.textContent = 'Off for this device.'; enable.hidden = false; }
  }

  enable.addEventListener('click', async () => {
    try {
      if (await Notification.requestPermission() !== 'granted') { await renderState(); return; }
      const reg = await registration();
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64urlToBytes(info.publicKey) });
      await post('/api/push/subscriptions', { ...sub.toJSON(), expirationTime: undefined, label: deviceLabel() });
      toast('Notifications are on for this device.');
      load();
    } catch (e) { toastError(e.message ? e : 'Could not turn notifications on.'); }
  });

  hide.addEventListener('change', () => put('/api/push/settings', { hideText: hide.checked })
    .then(() => toast(hide.checked ? 'Message text is hidden in notifications.' : 'Notifications show message text.'), toastError));

  function renderDevices(items) {
    devices.replaceChildren(...(items.length ? items.map((d) => h('li', { class: 'push-item' },
      icon('monitor', { cls: 'icon-sm' }),
      h('div', { class: 'push-item-text' }, h('strong', { text: d.label || 'Device' }),
        h('span', { class: 'muted', text: `${d.service} · ${d.lastSuccessAt ? `last alert ${formatAgo(d.lastSuccessAt)}` : 'no alert yet'}` })),
      h('button', { type: 'button', class: 'btn btn-ghost sm', dataset: { testid: 'push-remove' },
        onclick: () => del(`/api/push/subscriptions/${encodeURIComponent(d.id)}`).then(load, toastError) }, 'Remove')))
      : [h('li', { class: 'muted', text: 'No device yet.' })]));
  }

  function renderConversations(items, muted) {
    convs.replaceChildren(...(items.length ? items.map((c) => {
      const on = muted.has(`conv.${c.id}`);
      const name = c.name || c.peer?.fullName || c.peer?.username || 'Conversation';
      return h('li', { class: 'push-item' }, icon(c.kind === 'group' ? 'users' : 'user', { cls: 'icon-sm' }),
        h('div', { class: 'push-item-text' }, h('strong', { text: name }), h('span', { class: 'muted', text: on ? 'Muted' : 'Notifies' })),
        h('button', { type: 'button', class: 'btn btn-ghost sm', dataset: { testid: 'push-mute' },
          onclick: () => (on ? del : put)(`/api/push/mutes/${encodeURIComponent(c.id)}`, on ? undefined : {}).then(load, toastError) },
        on ? 'Unmute' : 'Mute'));
    }) : [h('li', { class: 'muted', text: 'No conversations yet.' })]));
  }

  load();
  return { destroy() {} };
}
