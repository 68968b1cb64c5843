// Calls (issue 11): a call button in every conversation's header and beside a room's video, the
// incoming-call screen, and the call screen. The session's CallManager holds the one call this tab
// is in; chat and rooms import nothing of calls (they offer header extension points).
import { feature } from '../registry.js';
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { service } from '../runtime.js';
import { toastError } from '../toast.js';
import { extendHeader } from '../chat/extensions.js';
import { extendRoomHeader } from '../rooms/extensions.js';
import { CallManager, scopeKey } from './manager.js';
import { CallScreen, IncomingScreen } from './ui.js';

/** The buttons of a scope's header: voice and video call, or "Join" while a call goes on there. */
function callButtons(scope, { compact = false } = {}) {
  const calls = service('calls');
  if (!calls) return null;
  const { manager } = calls;
  const start = (video) => manager.start(scope, { video }).catch(toastError);
  const voice = h('button', { type: 'button', class: 'icon-btn call-btn', 'aria-label': 'Voice call', title: 'Voice call', dataset: { testid: 'call-voice' },
    onclick: () => start(false) }, icon('call'));
  const video = h('button', { type: 'button', class: 'icon-btn call-btn', 'aria-label': 'Video call', title: 'Video call', dataset: { testid: 'call-video' },
    onclick: () => start(true) }, icon('video'));
  const join = h('button', { type: 'button', class: 'btn btn-primary btn-sm call-join', hidden: true, dataset: { testid: 'call-join' },
    onclick: () => { const c = manager.ongoing.get(scopeKey(scope)); if (c) manager.join(c.id, { video: true }).catch(toastError); } },
    icon('video'), h('span', { text: 'Join call' }));
  const el = h('div', { class: `call-buttons${compact ? ' compact' : ''}` }, join, voice, video);
  const update = () => {
    const ongoing = manager.ongoing.get(scopeKey(scope));
    const inIt = manager.current?.call?.id && manager.current.call.id === ongoing?.id;
    join.hidden = !ongoing || inIt || ongoing.status === 'ringing';
    voice.hidden = video.hidden = !!ongoing && !join.hidden;
    voice.disabled = video.disabled = !!manager.current;
  };
  const off = manager.on(update);
  manager.lookup(scope).catch(() => {});
  update();
  return { el, destroy: off };
}

extendHeader(({ conversationId }) => callButtons({ kind: 'conversation', id: conversationId }));
extendRoomHeader(({ roomId }) => callButtons({ kind: 'room', id: roomId }, { compact: true }));

feature({
  id: 'calls',
  start({ realtime, user }) {
    const manager = new CallManager(realtime, user);
    const incoming = new IncomingScreen(manager);
    const screen = new CallScreen(manager);
    return {
      manager,
      stop() {
        manager.stop();
        incoming.destroy();
        screen.destroy();
      },
    };
  },
});
