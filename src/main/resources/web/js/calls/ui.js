// The call screens, on top of whatever view is open (a call survives navigation): the incoming
// call (accept / decline), and the call itself: a grid of tiles that fits a phone and a desktop,
// a speaking ring per tile, and the controls (microphone, camera, screen, devices, hang up).
// Tiles and their <video> elements are created once per device and updated, never re-rendered.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { avatar } from '../avatar.js';
import { toastError } from '../toast.js';
import { devices, SpeakingMeter } from './media.js';

const nameOf = (u) => u?.fullName || u?.username || 'Someone';
const choice = (label, button) => h('div', { class: 'call-choice' }, button, h('span', { text: label, 'aria-hidden': 'true' }));

export class IncomingScreen {
  constructor(manager) {
    this.manager = manager;
    this.el = h('div', { class: 'call-incoming', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Incoming call', hidden: true, dataset: { testid: 'incoming-call' } });
    document.body.append(this.el);
    this.off = manager.on(() => this.update());
  }

  update() {
    const call = [...this.manager.ringing.values()][0];
    if (!call || this.manager.current) { this.el.hidden = true; this.shown = null; return; }
    if (this.shown === call.id) return;
    this.shown = call.id;
    const from = call.startedBy;
    const accept = (video) => this.manager.join(call.id, { video }).catch(toastError);
    this.el.replaceChildren(h('div', { class: 'call-incoming-card' },
      h('div', { class: 'call-incoming-avatar' }, avatar(from, { size: 'xl' })),
      h('p', { class: 'call-incoming-kind', text: call.video ? 'Incoming video call' : 'Incoming voice call' }),
      h('h2', { class: 'call-incoming-name', text: nameOf(from) }),
      h('div', { class: 'call-incoming-actions' },
        choice('Decline', h('button', { type: 'button', class: 'call-round call-decline', 'aria-label': 'Decline', dataset: { testid: 'call-decline' },
          onclick: () => this.manager.decline(call.id).catch(toastError) }, icon('hangup'))),
        choice('Voice', h('button', { type: 'button', class: 'call-round call-accept', 'aria-label': 'Accept with audio', dataset: { testid: 'call-accept-audio' },
          onclick: () => accept(false) }, icon('call'))),
        call.video ? choice('Video', h('button', { type: 'button', class: 'call-round call-accept', 'aria-label': 'Accept with video', dataset: { testid: 'call-accept' },
          onclick: () => accept(true) }, icon('video'))) : null)));
    this.el.hidden = false;
  }

  destroy() {
    this.off();
    this.el.remove();
  }
}

export class CallScreen {
  constructor(manager) {
    this.manager = manager;
    this.tiles = new Map(); // connectionId → {el, video, label, meter}
    this.grid = h('div', { class: 'call-grid', dataset: { testid: 'call-grid' } });
    this.title = h('h2', { class: 'call-title' });
    this.status = h('p', { class: 'call-status', 'aria-live': 'polite', dataset: { testid: 'call-status' } });
    this.notice = h('p', { class: 'call-notice', role: 'status', hidden: true });
    this.mic = this.button('mic', 'Mute microphone', () => this.toggle('audio'), 'call-mic');
    this.cam = this.button('video', 'Turn camera off', () => this.toggle('video'), 'call-camera');
    this.screenBtn = this.button('monitor', 'Share screen', () => this.toggle('screen'), 'call-share');
    this.settingsBtn = this.button('settings', 'Microphone and camera', () => this.openDevices(), 'call-devices');
    this.hang = h('button', { type: 'button', class: 'call-round call-decline', 'aria-label': 'Leave call', title: 'Leave call', dataset: { testid: 'call-hangup' },
      onclick: () => this.manager.hangUp() }, icon('hangup'));
    this.devicesPanel = h('div', { class: 'call-devices-panel card', hidden: true });
    this.el = h('section', { class: 'call-screen', 'aria-label': 'Call', hidden: true, dataset: { testid: 'call-screen' } },
      h('header', { class: 'call-head' }, h('div', {}, this.title, this.status)), this.notice, this.grid, this.devicesPanel,
      h('div', { class: 'call-controls' }, this.mic, this.cam, this.screenBtn, this.settingsBtn, this.hang));
    document.body.append(this.el);
    this.audioCtx = null;
    this.off = manager.on(() => this.update());
    this.meterTimer = setInterval(() => this.tiles.forEach((t) => t.meter?.sample()), 150);
    this.clockTimer = setInterval(() => { if (this.manager.current?.call && !this.el.hidden) this.update(); }, 1000);
  }

  button(name, label, onclick, testid) {
    return h('button', { type: 'button', class: 'call-round', 'aria-label': label, title: label, 'aria-pressed': 'false', dataset: { testid }, onclick }, icon(name));
  }

  async toggle(kind) {
    const l = this.manager.current?.local;
    if (!l) return;
    const next = kind === 'audio' ? { audio: !l.audioOn } : kind === 'video' ? { video: !l.videoOn } : { screen: !l.screen };
    try { await this.manager.setMedia(next); } catch (e) { if (e?.name !== 'NotAllowedError') toastError(e); }
  }

  async openDevices() {
    if (!this.devicesPanel.hidden) { this.devicesPanel.hidden = true; return; }
    const list = await devices();
    const select = (kind, label) => h('label', { class: 'call-device' }, h('span', { text: label }),
      h('select', { class: 'input', onchange: (e) => this.manager.useDevice(kind, e.target.value).catch(toastError) },
        ...list[kind].map((d, i) => h('option', { value: d.deviceId, text: d.label || `${label} ${i + 1}`, selected: d.deviceId === this.manager.current?.local.devices[kind] }))));
    this.devicesPanel.replaceChildren(select('audio', 'Microphone'), select('video', 'Camera'));
    this.devicesPanel.hidden = false;
  }

  update() {
    const c = this.manager.current;
    document.body.classList.toggle('in-call', !!c);
    if (!c?.call) { this.el.hidden = true; this.clear(); return; }
    this.el.hidden = false;
    this.audioCtx ||= new AudioContext();
    const call = c.call;
    const others = call.participants.filter((p) => p.connectionId !== this.manager.connectionId);
    this.title.textContent = call.scope.kind === 'room' ? 'Room call' : others.length === 1 ? nameOf(others[0].user) : others.length ? `${others.length + 1} people` : nameOf(call.startedBy);
    this.status.textContent = call.status === 'ringing' ? 'Ringing…' : others.length ? this.elapsed(call) : 'Waiting for others to join…';
    this.notice.hidden = !c.videoRefused;
    this.notice.textContent = c.videoRefused ? `This call already has ${call.limits.maxVideo} cameras on: you joined audio-only.` : '';
    const seen = new Set();
    for (const p of call.participants) {
      const mine = p.connectionId === this.manager.connectionId;
      const stream = mine ? c.local.stream : c.streams.get(p.connectionId);
      this.tile(p, mine, stream, mine ? null : c.states.get(p.connectionId));
      seen.add(p.connectionId);
    }
    for (const [id, t] of this.tiles) if (!seen.has(id)) { t.meter?.close(); t.el.remove(); this.tiles.delete(id); }
    this.grid.dataset.count = String(Math.min(this.tiles.size, 9));
    const l = c.local;
    this.pressed(this.mic, !l.audioOn, l.audioOn ? 'mic' : 'micOff', l.audioOn ? 'Mute microphone' : 'Unmute microphone');
    this.pressed(this.cam, !l.videoOn, l.videoOn ? 'video' : 'videoOff', l.videoOn ? 'Turn camera off' : 'Turn camera on');
    this.pressed(this.screenBtn, !!l.screen, 'monitor', l.screen ? 'Stop sharing' : 'Share screen');
    this.screenBtn.hidden = !navigator.mediaDevices?.getDisplayMedia;
  }

  elapsed(call) {
    if (!call.answeredAt) return 'Connecting…';
    const s = Math.max(0, Math.floor((Date.now() - Date.parse(call.answeredAt)) / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  pressed(btn, on, iconName, label) {
    btn.setAttribute('aria-pressed', String(on));
    btn.setAttribute('aria-label', label);
    btn.title = label;
    btn.classList.toggle('is-off', on && btn !== this.screenBtn);
    btn.classList.toggle('is-on', on && btn === this.screenBtn);
    btn.replaceChildren(icon(iconName));
  }

  tile(p, mine, stream, state) {
    let t = this.tiles.get(p.connectionId);
    if (!t) {
      const video = h('video', { class: 'call-video', autoplay: true, playsinline: true });
      video.muted = mine; // never play one's own microphone back
      const label = h('span', { class: 'call-name' });
      const badge = h('span', { class: 'call-badge' });
      const face = h('div', { class: 'call-face' }, avatar(p.user, { size: 'xl' }));
      t = { el: h('div', { class: 'call-tile', dataset: { testid: 'call-tile', connection: p.connectionId } }, video, face, h('div', { class: 'call-caption' }, badge, label)), video, label, badge, face, stream: null, meter: null };
      this.tiles.set(p.connectionId, t);
      if (mine) this.grid.prepend(t.el); else this.grid.append(t.el);
    }
    if (stream && t.stream !== stream) {
      t.stream = stream;
      t.video.srcObject = stream;
      t.meter?.close();
      t.meter = new SpeakingMeter(this.audioCtx, stream, (on) => t.el.classList.toggle('speaking', on));
    }
    t.meter?.attach(this.audioCtx, stream || new MediaStream());
    const videoOn = p.video || p.screen;
    t.el.classList.toggle('no-video', !videoOn);
    t.el.classList.toggle('is-mine', mine);
    t.el.classList.toggle('reconnecting', !p.connected || state === 'disconnected' || state === 'failed');
    t.label.textContent = mine ? 'You' : nameOf(p.user);
    t.badge.replaceChildren(...(p.audio ? [] : [icon('micOff', { cls: 'icon-sm', label: 'Muted' })]));
  }

  clear() {
    this.tiles.forEach((t) => { t.meter?.close(); t.el.remove(); });
    this.tiles.clear();
    this.devicesPanel.hidden = true;
  }

  destroy() {
    clearInterval(this.meterTimer);
    clearInterval(this.clockTimer);
    this.off();
    this.clear();
    this.audioCtx?.close();
    this.el.remove();
  }
}
