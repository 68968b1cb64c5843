// The room view: player with controls and the "tap to join playback" state, the queue, members
// (with each one's drift for the host), moments (chat messages anchored to a video time) and the
// room's chat, side by side on desktop and stacked on a phone. The player element is created once
// per view and survives every update.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { go } from '../router.js';
import { service } from '../runtime.js';
import { session } from '../session.js';
import { toast, toastError } from '../toast.js';
import { rest as chatRest } from '../chat/rest.js';
import { Thread } from '../chat/thread.js';
import { rooms } from './rest.js';
import { RoomSession } from './sync.js';
import { inviteForm, modal, shareLink } from './pages.js';
import { mountRoomHeaderExtensions } from './extensions.js';

export function clock(s) {
  if (!Number.isFinite(s)) return '0:00';
  const t = Math.max(0, Math.floor(s));
  const hms = [Math.floor(t / 3600), Math.floor((t % 3600) / 60), t % 60];
  return hms[0] ? `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}` : `${hms[1]}:${String(hms[2]).padStart(2, '0')}`;
}

/** In sync (≤ 50 ms, the rooms target), close (≤ 150 ms), or off / buffering: the host's drift badge colour. */
const driftClass = (hv) => (hv.buffering || Math.abs(hv.driftMs) > 150 ? 'is-off' : Math.abs(hv.driftMs) > 50 ? 'is-near' : 'is-ok');

const mayControl = (room) => room.controlPolicy === 'everyone' || room.role === 'host' || (room.controlPolicy === 'controllers' && room.role === 'controller');

export function mountRoom(outlet, params) {
  const { realtime, store: roomsStore } = service('rooms');
  const stage = h('div', { class: 'room-stage', 'data-testid': 'room-stage' });
  const tap = h('button', { type: 'button', class: 'room-tap', hidden: true, 'data-testid': 'tap-to-join' }, icon('video'), 'Tap to join playback');
  const idle = h('div', { class: 'room-idle' }, icon('video'), h('span', { text: 'Add a video to the queue to start.' }));
  const title = h('h1', { class: 'room-title', text: 'Room' });
  const status = h('span', { class: 'room-status', 'data-testid': 'room-status' });
  const play = h('button', { type: 'button', class: 'btn btn-primary room-play', 'data-testid': 'room-play', 'aria-label': 'Play' }, icon('play'), 'Play');
  const seek = h('input', { type: 'range', class: 'room-seek', min: 0, max: 0, step: 0.1, value: 0, 'aria-label': 'Position', 'data-testid': 'room-seek' });
  const time = h('span', { class: 'room-time', text: '0:00' });
  const rate = h('select', { class: 'room-rate', 'aria-label': 'Speed' }, ...[0.5, 0.75, 1, 1.25, 1.5, 2].map((r) => h('option', { value: r, text: `${r}×`, selected: r === 1 })));
  const next = h('button', { type: 'button', class: 'btn btn-ghost', 'aria-label': 'Next video', title: 'Next video' }, icon('next'));
  const queueList = h('ol', { class: 'room-queue', 'data-testid': 'room-queue' });
  const addUrl = h('input', { class: 'input', type: 'url', placeholder: 'Paste a video or YouTube link', 'aria-label': 'Video link', 'data-testid': 'queue-url' });
  const addForm = h('form', { class: 'room-add' }, addUrl, h('button', { type: 'submit', class: 'btn btn-secondary' }, icon('plus'), 'Add'));
  const members = h('ul', { class: 'room-members', 'data-testid': 'room-members' });
  const moments = h('ul', { class: 'room-moments' });
  const momentText = h('input', { class: 'input', placeholder: 'Comment on this moment…', maxlength: 4000, 'aria-label': 'Comment at the current time' });
  const momentForm = h('form', { class: 'room-moment-form' }, momentText, h('button', { type: 'submit', class: 'btn btn-secondary btn-sm', 'data-testid': 'moment-send' }, icon('clock'), 'At 0:00'));
  const chat = h('div', { class: 'room-chat' });
  const share = h('button', { type: 'button', class: 'btn btn-ghost', 'aria-label': 'Invite' }, icon('link'), h('span', { class: 'room-head-label', text: 'Invite' }));
  const leave = h('button', { type: 'button', class: 'btn btn-ghost', 'aria-label': 'Leave room' }, icon('logout'));
  const headExtensions = mountRoomHeaderExtensions({ roomId: params.id, realtime });
  outlet.replaceChildren(h('div', { class: 'room-layout' },
    h('header', { class: 'room-head' }, h('a', { class: 'btn btn-ghost', href: '#/rooms', 'aria-label': 'All rooms' }, icon('back')), title, status,
      ...headExtensions.map((x) => x.el), share, leave),
    h('section', { class: 'room-main' }, h('div', { class: 'room-player' }, stage, idle, tap),
      h('div', { class: 'room-controls' }, play, time, seek, rate, next),
      h('div', { class: 'card room-panel' }, h('h2', { text: 'Up next' }), queueList, addForm)),
    h('aside', { class: 'room-side' },
      h('div', { class: 'card room-panel' }, h('h2', { text: 'Watching' }), members),
      h('div', { class: 'card room-panel' }, h('h2', { text: 'Moments' }), moments, momentForm),
      chat)));

  let details = null;
  let thread = null;
  let health = new Map();
  let online = null; // user ids watching now (room.presence); until the first frame, the GET's view
  let dragging = false;
  const session_ = new RoomSession({
    realtime, roomId: params.id, host: stage,
    onState: () => render(),
    onBlocked: (b) => { tap.hidden = !b; },
    onEvent: (type, data) => {
      if (type === 'room.queue') details = { ...details, queue: data.items };
      else if (type === 'room.member') details = { ...details, members: data.members };
      else if (type === 'room.updated') details = { ...details, room: { ...data.room, role: details.room.role } };
      else if (type === 'room.anchor') details = { ...details, anchors: [data, ...details.anchors] };
      else if (type === 'room.presence') online = new Set(data.online);
      else if (type === 'room.members') health = new Map(data.members.map((m) => [m.userId, m]));
      else if (type === 'room.left' || type === 'room.deleted') { toast('You are no longer in this room.'); go('/rooms'); return; }
      render();
    },
  });
  const unsubLeft = realtime.on('room.left', (d) => { if (d.roomId === params.id) { toast('You are no longer in this room.'); go('/rooms'); } });

  async function act(action, extra) {
    try { await session_.act(action, extra); } catch (e) { toastError(e); }
  }
  play.addEventListener('click', () => act(session_.state?.state === 'playing' ? 'pause' : 'play', session_.player ? { position: session_.player.time() } : {}));
  seek.addEventListener('input', () => { dragging = true; time.textContent = clock(Number(seek.value)); });
  seek.addEventListener('change', () => { dragging = false; act('seek', { position: Number(seek.value) }); });
  rate.addEventListener('change', () => act('rate', { rate: Number(rate.value) }));
  next.addEventListener('click', () => act('next'));
  tap.addEventListener('click', () => session_.unblock());
  share.addEventListener('click', () => modal('Invite', h('div', { class: 'room-stack' }, shareLink(details.room.joinLink, details.room),
    details.room.role === 'host' ? inviteForm(params.id) : null)));
  leave.addEventListener('click', async () => {
    if (!confirm('Leave this room?')) return;
    try { await rooms.leave(params.id); go('/rooms'); } catch (e) { toastError(e); }
  });
  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await rooms.addToQueue(params.id, { url: addUrl.value }); addUrl.value = ''; } catch (err) { toastError(err); }
  });
  momentForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = momentText.value.trim();
    if (!text) return;
    try {
      await rooms.say(params.id, { clientMsgId: crypto.randomUUID(), text, position: session_.player?.time() ?? 0, itemId: session_.state?.item?.id });
      momentText.value = '';
    } catch (err) { toastError(err); }
  });

  function render() {
    if (!details) return;
    const room = details.room;
    const s = session_.state;
    const control = mayControl(room);
    title.textContent = room.name;
    idle.hidden = Boolean(s?.item);
    status.textContent = s ? (s.state === 'buffering' ? 'Waiting for someone…' : s.state === 'playing' ? 'Playing' : 'Paused') : '';
    play.replaceChildren(icon(s?.state === 'playing' ? 'pause' : 'play'), s?.state === 'playing' ? 'Pause' : 'Play');
    play.setAttribute('aria-label', s?.state === 'playing' ? 'Pause' : 'Play');
    for (const el of [play, seek, rate, next]) el.disabled = !control || !s?.item;
    addForm.hidden = !control;
    const d = session_.player?.duration() || s?.item?.duration || 0;
    seek.max = String(d);
    rate.value = String(s?.rate ?? 1);
    renderQueue(control);
    renderMembers(room);
    renderMoments(control);
  }

  function renderQueue(control) {
    const current = session_.state?.item?.id;
    queueList.replaceChildren(...details.queue.map((q) => h('li', { class: q.id === current ? 'is-current' : '' },
      h('span', { class: 'room-queue-kind', text: q.kind === 'youtube' ? 'YouTube' : q.kind === 'media' ? 'Upload' : 'Link' }),
      h('span', { class: 'room-queue-title', text: q.title }),
      control ? h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'aria-label': `Remove ${q.title}`,
        onclick: () => rooms.removeFromQueue(params.id, q.id).catch(toastError) }, icon('x')) : null)));
    if (!details.queue.length) queueList.replaceChildren(h('li', { class: 'muted', text: 'Nothing queued yet.' }));
  }

  function renderMembers(room) {
    members.replaceChildren(...details.members.map((m) => {
      const hv = health.get(m.user.id);
      const drift = room.role === 'host' && hv ? (hv.buffering ? 'buffering' : hv.driftMs == null ? '' : `${hv.driftMs > 0 ? '+' : ''}${Math.round(hv.driftMs)} ms`) : '';
      const here = online ? online.has(m.user.id) : m.online;
      return h('li', { class: here ? 'is-online' : '', 'data-online': String(here) },
        h('span', { class: 'room-dot', 'aria-hidden': 'true' }),
        h('span', { class: 'room-member-name', text: m.user.fullName || m.user.username }),
        h('span', { class: 'room-role', text: m.role }),
        drift ? h('span', { class: `room-drift ${driftClass(hv)}`, 'data-testid': 'member-drift', title: 'Ahead (+) or behind (−) the room', text: drift }) : null);
    }));
  }

  function renderMoments(control) {
    const items = details.anchors.slice(0, 20);
    moments.replaceChildren(...items.map((a) => h('li', {},
      h('button', { type: 'button', class: 'btn btn-ghost btn-sm room-moment', text: clock(a.position),
        onclick: () => (control ? act('seek', { position: a.position }) : toast(`Written at ${clock(a.position)}`)) }),
      h('span', { class: 'muted', text: control ? 'jump there' : 'of the video' }))));
    if (!items.length) moments.replaceChildren(h('li', { class: 'muted', text: 'Comments pinned to a time show up here.' }));
  }

  const ticker = setInterval(() => {
    const p = session_.player;
    if (!p || dragging) return;
    seek.value = String(p.time());
    time.textContent = `${clock(p.time())} / ${clock(p.duration() || 0)}`;
    momentForm.querySelector('button').replaceChildren(icon('clock'), `At ${clock(p.time())}`);
  }, 250);

  rooms.get(params.id).then(async (d) => {
    details = d;
    roomsStore.opened(d.room);
    render();
    await session_.start(d);
    openChat(d.room.conversationId);
  }, (e) => { toastError(e); go('/rooms', { replace: true }); });

  async function openChat(convId) {
    const chatService = service('chat');
    if (!convId || !chatService) return;
    const { store } = chatService;
    try {
      if (!store.conversations.has(convId)) store.upsertConversation(await chatRest.conversation(convId), false);
      thread = new Thread(store, convId);
      chat.replaceChildren(thread.el);
    } catch (e) { console.error(e); }
  }

  return {
    // No update(): another room is another view (its own player and session), mounted afresh.
    destroy() { clearInterval(ticker); unsubLeft(); session_.destroy(); thread?.destroy(); headExtensions.forEach((x) => x.destroy?.()); },
  };
}
void session;
