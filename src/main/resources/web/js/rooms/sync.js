// One member's side of synchronized playback: enrols in the room's playback (room.subscribe; the
// stream room.<id> itself is caught up by the socket's generic resume), derives the expected position from the
// state, its clock offset and the rate, drives the player adapter, reports its actual position
// about once a second, and applies the server's corrections (rate nudges, seeks).
import { ServerClock } from './clock.js';
import { playerFor } from './players.js';
import { rooms } from './rest.js';

const SEEK_TOLERANCE_S = 0.04; // applying a state: closer than this, a seek would cost more than it fixes
// Start-up settling (after play, a seek while playing, a join): the client corrects on its own
// for a few seconds, before the server's controller (1 report/s, cooldown after a change) would.
const SETTLE_EVERY_MS = 200; // check this often…
const SETTLE_FOR_MS = 4000; // …for at most this long after the start
const SETTLE_SEEK_S = 0.4; // beyond this drift a seek is cheaper than a rate change
const SETTLE_SEEKS = 2; // at most this many such seeks per start (a slow machine must not loop)
const SETTLE_DONE_S = 0.012; // converged: back to the room's rate, and the server's controller takes over
const SETTLE_MAX_NUDGE = 0.1; // ±10 %: browsers keep the pitch (preservesPitch), so it is not heard
const SETTLE_HORIZON_S = 0.5; // a nudge aims to close the drift over about this long

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
    this.settler = null;
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
    this.player.play().then(() => { this.setBlocked(false); this.settle(version); }, (e) => {
      if (e?.name === 'NotAllowedError') this.setBlocked(true);
    });
  }

  /**
   * A player starts late by its decoder's start-up time (and a seek while playing stalls it
   * again), which the server's controller would only correct after its cooldown and a report or
   * two (seconds). So for a few seconds after a start the client closes the gap itself: a seek if
   * far off, else a proportional rate nudge, every SETTLE_EVERY_MS, until converged.
   */
  settle(version) {
    this.stopSettling();
    const until = performance.now() + SETTLE_FOR_MS;
    let seeks = 0;
    this.settler = setInterval(() => {
      const s = this.state;
      if (!this.player || !s || s.version !== version || s.state !== 'playing') { this.stopSettling(); return; }
      if (this.player.isPaused() || this.player.isBuffering()) return;
      const drift = this.player.time() - this.expected(s);
      if (Math.abs(drift) < SETTLE_DONE_S || performance.now() > until) { this.stopSettling(); this.player.setRate(s.rate); return; }
      if (Math.abs(drift) > SETTLE_SEEK_S && seeks < SETTLE_SEEKS) {
        seeks += 1;
        this.player.setRate(s.rate);
        this.player.seek(this.expected(s));
        return;
      }
      const nudge = Math.max(-SETTLE_MAX_NUDGE, Math.min(SETTLE_MAX_NUDGE, -drift / SETTLE_HORIZON_S));
      this.player.setRate(s.rate * (1 + nudge));
    }, SETTLE_EVERY_MS);
  }

  stopSettling() {
    clearInterval(this.settler);
    this.settler = null;
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
    if (c.kind === 'rate' && this.settler) return; // settling owns the rate for its few seconds
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
    this.stopSettling();
    this.clock.stop();
    this.unsubs.forEach((u) => u());
    this.realtime.request('room.unsubscribe', { roomId: this.roomId }, { transient: true }).catch(() => {});
    this.player?.destroy();
  }
}
