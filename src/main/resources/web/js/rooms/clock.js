// NTP-style clock sync over the socket: several `room.clock` samples, keep the one with the least
// round trip (its offset error is at most half that RTT), re-sample periodically.
const SAMPLES = 6;
const RESAMPLE_MS = 30_000;

export class ServerClock {
  constructor(realtime) {
    this.realtime = realtime;
    this.offset = 0;
    this.rtt = Infinity;
    this.timer = null;
  }

  static local() { return performance.timeOrigin + performance.now(); }

  /** Server time now, in epoch ms, by this client's best estimate. */
  now() { return ServerClock.local() + this.offset; }

  async sample() {
    const t0 = ServerClock.local();
    const { serverTime } = await this.realtime.request('room.clock', {}, { transient: true });
    const t1 = ServerClock.local();
    return { rtt: t1 - t0, offset: serverTime - (t0 + t1) / 2 };
  }

  async sync(n = SAMPLES) {
    let best = null;
    for (let i = 0; i < n; i++) {
      try {
        const s = await this.sample();
        if (!best || s.rtt < best.rtt) best = s;
      } catch { /* a lost sample costs nothing */ }
    }
    // A fresh best sample wins; an older one ages (the clocks drift apart slowly).
    if (best && (best.rtt <= this.rtt * 1.5 || !Number.isFinite(this.rtt))) { this.offset = best.offset; this.rtt = best.rtt; }
    else if (best) this.rtt *= 1.2;
    return this;
  }

  start() {
    this.timer = setInterval(() => this.sync(3), RESAMPLE_MS);
    return this.sync();
  }

  stop() { clearInterval(this.timer); }
}
