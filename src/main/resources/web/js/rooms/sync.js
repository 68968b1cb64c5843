// One member's side of synchronized playback: enrols in the room's playback (room.subscribe; the
// stream room.<id> itself is caught up by the socket's generic resume), derives the expected position from the
// state, its clock offset and the rate, drives the player adapter, reports its actual position
// about once a second, and applies the server's corrections (rate nudges, seeks).
import { ServerClock } from './clock.js';
import { playerFor } from './players.js';
import { rooms } from './rest.js';

const SEEK_TOLERANCE_S = 0.04; // applying a state: closer than this, a seek would cost more than it fixes
const SETTLE_AFTER_MS = 400; // a started player is checked this long after play() resolved…
const SETTLE_TOLERANCE_S = 0.05; // …and sought to the room's position if further off than this
const SETTLE_TRIES = 2; // at most this many such seeks per start (a slow machine must not loop)

export class RoomSession {
  /**
   * @param {object} o
   * @param o.realtime   the session's socket
   * @param o.roomId
   * @param o.host       the element the player lives in (kept for the view's life)
   * @param o.onState    (playback) => void, for the view
   * @param o.onEvent    (type, data) => void: room.queue, room.member, room.updated, room.anchor, room.members…
   * @param o.onBlocked  (blocked: boolean) => void: the browser refused to start playback on its own
   */
  constructor({ realtime, roomId, host, onState, onEvent, onBlocked }) {
    Object.assign(this, { realtime, roomId, host, onState, onEvent, onBlocked });
    this.clock = new ServerClock(realtime);
    this.state = null;
    this.queue = [];
    this.seq = 0;
    this.player = null;
    this.kind = null;
    this.blocked = false;
    this.unsubs = [];
  }

  async start(details) {
    this.queue = details.queue;
    this.seq = details.room.lastSeq;
    await this.clock.start();
    this.unsubs.push(this.realtime.on('room.*', (data, type) => this.frame(type, data)));
    this.unsubs.push(this.realtime.on('ready', () => this.subscribe()));
    await this.subscribe();
    this.reporter = setInterval(() => this.report(), this.reportMs || 1000);
  }

  async subscribe() {
    const ack = await this.realtime.request('room.subscribe', { roomId: this.roomId });
    this.reportMs = ack.reportIntervalMs;
    if (ack.online) this.onEvent?.('room.presence', { roomId: this.roomId, online: ack.online });
    this.apply(ack.playback);
  }

  frame(type, data) {
    if (data?.roomId !== this.roomId) return;
    if (typeof data.seq === 'number') {
      if (data.seq <= this.seq) return;
      this.seq = data.seq;
    }
    if (type === 'room.state') this.apply(data.playback);
    else if (type === 'room.correction') this.correct(data);
    else {
      if (type === 'room.queue') { this.queue = data.items; if (this.state) this.apply(this.state, true); }
      this.onEvent?.(type, data);
    }
  }

  /** The position the room expects now (seconds). */
  expected(s = this.state) {
    if (!s) return 0;
    let p = s.state === 'playing' ? s.position + ((this.clock.now() - s.atMs) / 1000) * s.rate : s.position;
    if (s.item?.duration) p = Math.min(p, s.item.duration);
    return p;
  }

  url(item) {
    if (item.kind === 'url') return item.source;
    return this.queue.find((q) => q.id === item.id)?.url || null;
  }

  /** Brings the player to a state: same item, same rate, at the expected position, playing or not. */
  async apply(s, force = false) {
    if (!s || (!force && this.state && s.version < this.state.version)) return;
    this.state = s;
    this.onState?.(s);
    if (!s.item) { this.player?.pause(); return; }
    if (this.kind !== s.item.kind) {
      this.player?.destroy();
      this.player = playerFor(s.item.kind, this.host);
      this.kind = s.item.kind;
      this.player.onChange(() => this.onEvent?.('player', {}));
      this.player.onError(() => this.refreshSources());
    }
    await this.player.load(s.item, this.url(s.item));
    if (this.state !== s) return;
    this.player.setRate(s.rate);
    const target = this.expected(s);
    if (Math.abs(this.player.time() - target) > SEEK_TOLERANCE_S) this.player.seek(target);
    if (s.state === 'playing') this.startPlayback();
    else this.player.pause();
  }

  /** An upload's signed URL lasts minutes: on a read error, fetch fresh URLs and resume where the room is. */
  async refreshSources() {
    if (this.refreshing || this.state?.item?.kind !== 'media') return;
    this.refreshing = true;
    try {
      const d = await rooms.get(this.roomId);
      this.queue = d.queue;
      this.apply(this.state, true);
    } catch { /* the next error retries */ } finally {
      setTimeout(() => { this.refreshing = false; }, 5000);
    }
  }

  startPlayback() {
    const version = this.state?.version;
    this.player.play().then(() => { this.setBlocked(false); this.settle(version, SETTLE_TRIES); }, (e) => {
      if (e?.name === 'NotAllowedError') this.setBlocked(true);
    });
  }

  /**
   * A player starts late by its decoder's start-up time, which the server's controller would only
   * correct after its cooldown (seconds). Shortly after starting, check once or twice on our own
   * and seek to where the room is if the start left us off by more than SETTLE_TOLERANCE_S.
   */
  settle(version, tries) {
    if (tries <= 0) return;
    setTimeout(() => {
      const s = this.state;
      if (!this.player || !s || s.version !== version || s.state !== 'playing' || this.player.isPaused()) return;
      if (Math.abs(this.player.time() - this.expected(s)) > SETTLE_TOLERANCE_S) {
        this.player.seek(this.expected(s));
        this.settle(version, tries - 1);
      }
    }, SETTLE_AFTER_MS);
  }

  setBlocked(b) {
    if (this.blocked === b) return;
    this.blocked = b;
    this.onBlocked?.(b);
  }

  /** The user tapped "join playback": a gesture lets the browser start it. */
  unblock() {
    if (!this.state) return;
    this.player?.seek(this.expected());
    this.startPlayback();
  }

  correct(c) {
    if (!this.player || !this.state || c.version !== this.state.version) return;
    if (c.kind === 'rate') this.player.setRate(c.rate);
    else if (c.kind === 'seek') { this.player.setRate(this.state.rate); this.player.seek(this.expected()); }
  }

  report() {
    // Diagnostics for support and the sync benchmark: how precise this client's clock estimate is.
    if (Number.isFinite(this.clock.rtt)) this.host.dataset.clockRtt = String(Math.round(this.clock.rtt));
    const s = this.state;
    if (!s?.item || !this.player || this.blocked) return;
    const at = Math.round(this.clock.now());
    const data = { roomId: this.roomId, itemId: s.item.id, position: this.player.time(), at,
      buffering: this.player.isBuffering(), playing: !this.player.isPaused() };
    const d = this.player.duration();
    if (d) data.duration = d;
    this.realtime.request('room.report', data, { transient: true }).catch(() => {});
  }

  /** Asks the server to change playback; a refusal (not_controller) snaps the player back. */
  async act(action, extra = {}) {
    try {
      const { playback } = await this.realtime.request('room.playback', { roomId: this.roomId, action, ...extra });
      this.apply(playback);
    } catch (e) {
      this.apply(this.state, true);
      throw e;
    }
  }

  destroy() {
    clearInterval(this.reporter);
    this.clock.stop();
    this.unsubs.forEach((u) => u());
    this.realtime.request('room.unsubscribe', { roomId: this.roomId }, { transient: true }).catch(() => {});
    this.player?.destroy();
  }
}
