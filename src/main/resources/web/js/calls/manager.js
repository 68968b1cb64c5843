// The session's calls: incoming rings, the one call this tab is in (its local media and one Peer
// per other device), and the ongoing calls of the scopes on screen. Fed by the call.* frames of the
// one socket (realtime.js); views subscribe with on().
import { get } from '../http.js';
import { LocalMedia } from './media.js';
import { Peer } from './peer.js';

export const scopeKey = (scope) => `${scope.kind}:${scope.id}`;

export class CallManager {
  constructor(realtime, user) {
    this.realtime = realtime;
    this.user = user;
    this.connectionId = null;
    this.ringing = new Map(); // callId → call rung on this user's devices
    this.ongoing = new Map(); // scopeKey → call going on there
    this.endedIds = new Set(); // ids of calls that ended (a late call.state must not bring one back)
    this.current = null;      // {call, local, peers: Map<connectionId, Peer>, streams: Map, states: Map}
    this.listeners = new Set();
    this.offs = [
      realtime.on('ready', (info) => this.ready(info)),
      realtime.on('call.*', (data, type) => this.frame(type, data)),
    ];
    this.onNetwork = () => this.current?.peers.forEach((p) => p.restart());
    window.addEventListener('online', this.onNetwork);
    navigator.connection?.addEventListener?.('change', this.onNetwork);
  }

  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit() {
    for (const fn of [...this.listeners]) fn(this);
  }

  async ready(info) {
    const previous = this.connectionId;
    this.connectionId = info.connectionId;
    // A new socket is a new device to the server: rejoin, and connect again to everyone.
    if (previous && this.current && previous !== info.connectionId) {
      try {
        const { call } = await this.realtime.request('call.join', this.joinMedia(this.current.call.id));
        this.ongoing.set(scopeKey(call.scope), call);
        this.current.peers.forEach((p) => p.close());
        this.current.peers.clear();
        this.current.call = call;
        this.current.callId = Promise.resolve(call.id);
        this.sync();
      } catch { this.cleanup(); }
    }
  }

  frame(type, d) {
    switch (type) {
      case 'call.ringing': if (d.call.startedBy?.id !== this.user.id) this.ringing.set(d.call.id, d.call); break;
      case 'call.ring_stopped': this.ringing.delete(d.callId); break;
      case 'call.state': this.state(d.call); break;
      case 'call.ended': this.ended(d); break;
      case 'call.left': if (this.current?.call?.id === d.callId) this.cleanup(); break;
      case 'call.offer': case 'call.answer': this.peerFor(d.from)?.description(type === 'call.offer' ? 'offer' : 'answer', d.sdp).catch((e) => console.warn(e)); return;
      case 'call.ice': this.peerFor(d.from)?.candidate(d.candidate); return;
      default: return;
    }
    this.emit();
  }

  state(call) {
    // States leave the server from several threads: an older one arriving late is ignored.
    if (this.endedIds.has(call.id)) return;
    const known = this.ongoing.get(scopeKey(call.scope));
    if (known?.id === call.id && known.version > call.version) return;
    this.ongoing.set(scopeKey(call.scope), call);
    if (this.current?.call?.id !== call.id) return;
    if (this.current.call.version > call.version) return;
    this.current.call = call;
    if (!call.participants.some((p) => p.connectionId === this.connectionId)) { this.cleanup(); return; }
    this.sync();
  }

  ended(d) {
    this.endedIds.add(d.callId);
    this.ongoing.delete(scopeKey(d.scope));
    this.ringing.delete(d.callId);
    if (this.current?.call?.id === d.callId) {
      this.lastEnded = d;
      this.cleanup();
    }
  }

  /** The call going on in a scope (asked once when a view opens; kept current by call.state). */
  async lookup(scope) {
    const { call } = await this.realtime.request('call.get', { scope: scope.kind, id: scope.id });
    if (call) this.ongoing.set(scopeKey(scope), call); else this.ongoing.delete(scopeKey(scope));
    this.emit();
    return call || null;
  }

  async start(scope, { video }) {
    return this.enter({ video }, (media) => this.realtime.request('call.start', { scope: scope.kind, id: scope.id, ...media }));
  }

  async join(callId, { video }) {
    this.ringing.delete(callId);
    return this.enter({ video }, (media) => this.realtime.request('call.join', { callId, ...media }));
  }

  async decline(callId) {
    this.ringing.delete(callId);
    this.emit();
    await this.realtime.request('call.decline', { callId });
  }

  async enter({ video }, request) {
    if (this.current) throw new Error('You are already in a call.');
    const [ice, local] = await Promise.all([get('/api/calls/ice'), new LocalMedia().open({ audio: true, video })]);
    let known;
    // Others may offer before our own ack arrives (the server tells them first): signals wait for the call id.
    const callId = new Promise((resolve) => { known = resolve; });
    this.current = { call: null, callId, local, ice, peers: new Map(), streams: new Map(), states: new Map(), videoRefused: null };
    try {
      const ack = await request({ audio: true, video: local.videoOn });
      const newer = this.ongoing.get(scopeKey(ack.call.scope));
      this.current.call = newer?.id === ack.call.id && newer.version > ack.call.version ? newer : ack.call;
      if (this.current.call === ack.call) this.ongoing.set(scopeKey(ack.call.scope), ack.call);
      known(ack.call.id);
      this.current.videoRefused = ack.videoRefused || null;
      if (ack.videoRefused) { local.videoOn = false; }
      this.sync();
      this.emit();
      return ack;
    } catch (e) {
      this.cleanup();
      throw e;
    }
  }

  joinMedia(callId) {
    const l = this.current.local;
    return { callId, audio: l.audioOn, video: l.videoOn };
  }

  /** One Peer per other connected device in the call; gone devices are closed. */
  sync() {
    const c = this.current;
    if (!c?.call) return;
    const others = new Set(c.call.participants.filter((p) => p.connectionId !== this.connectionId).map((p) => p.connectionId));
    for (const id of others) this.peerFor(id);
    for (const [id, peer] of c.peers) {
      if (!others.has(id)) { peer.close(); c.peers.delete(id); c.streams.delete(id); c.states.delete(id); }
    }
  }

  peerFor(remote) {
    const c = this.current;
    if (!c || !remote || remote === this.connectionId) return null;
    let peer = c.peers.get(remote);
    if (peer) return peer;
    peer = new Peer({
      self: this.connectionId, remote, config: { iceServers: c.ice.iceServers },
      signal: (type, data) => c.callId.then((callId) => this.realtime.request(type, { callId, to: remote, ...data }, { transient: true })).catch(() => {}),
      onStream: (s) => { c.streams.set(remote, s); this.emit(); },
      onState: (s) => { c.states.set(remote, s); this.emit(); },
    });
    c.peers.set(remote, peer);
    peer.attach(c.local);
    for (const kind of ['audio', 'video']) peer.replace(kind, c.local.sending(kind));
    return peer;
  }

  async setMedia({ audio, video, screen }) {
    const c = this.current;
    if (!c) return;
    const l = c.local;
    const before = { audio: l.audioOn, video: l.videoOn, screen: !!l.screen };
    try {
      if (audio !== undefined) l.audioOn = audio;
      if (video === true) await l.cameraOn();
      if (video === false) l.videoOn = false;
      if (screen === true) await l.shareScreen(() => this.setMedia({ screen: false }));
      if (screen === false) l.stopScreen();
      await this.realtime.request('call.media', { callId: c.call.id, audio: l.audioOn, video: l.videoOn, screen: !!l.screen });
    } catch (e) {
      l.audioOn = before.audio; l.videoOn = before.video;
      if (!before.screen) l.stopScreen();
      throw e;
    } finally {
      await Promise.all([...c.peers.values()].flatMap((p) => ['audio', 'video'].map((k) => p.replace(k, l.sending(k)))));
      this.emit();
    }
  }

  async useDevice(kind, deviceId) {
    const c = this.current;
    if (!c) return;
    await c.local.use(kind, deviceId);
    await Promise.all([...c.peers.values()].map((p) => p.replace(kind, c.local.sending(kind))));
    this.emit();
  }

  async hangUp() {
    const c = this.current;
    if (!c) return;
    const id = c.call?.id;
    this.cleanup();
    if (id) await this.realtime.request('call.leave', { callId: id }).catch(() => {});
  }

  async endForAll() {
    const id = this.current?.call?.id;
    this.cleanup();
    if (id) await this.realtime.request('call.end', { callId: id }).catch(() => {});
  }

  cleanup() {
    const c = this.current;
    if (!c) return;
    this.current = null;
    c.peers.forEach((p) => p.close());
    c.local.close();
    this.emit();
  }

  stop() {
    this.cleanup();
    this.offs.forEach((off) => off());
    window.removeEventListener('online', this.onNetwork);
    navigator.connection?.removeEventListener?.('change', this.onNetwork);
  }
}
