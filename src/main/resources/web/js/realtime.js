// The realtime connection of the signed-in session (docs/protocol.md): the one WebSocket every
// feature shares. It owns authentication (subprotocol `bearer.<token>`), reconnection with
// jittered exponential backoff, the heartbeat, close-code handling, requests correlated with their
// ack/error by id with timeouts, dispatch of server frames to subscribers by type or by type
// prefix (`message.*`, `room.*`, `list.*`, `call.*`), binary frames, and `resume` after every
// (re)connect from the cursors that each feature's store registers. It knows nothing about views
// or features: stores subscribe to it, views subscribe to stores.

const PROTOCOL = 'juntos.v1';
/** Close codes the client acts on (docs/protocol.md, "Close codes"). */
export const CLOSE = Object.freeze({
  NORMAL: 1000, GOING_AWAY: 1001, ABNORMAL: 1006, TOO_BIG: 1009, SERVER_ERROR: 1011,
  TOKEN_EXPIRED: 4001, TOKEN_INVALID: 4002, SESSION_REVOKED: 4003, HELLO_TIMEOUT: 4004,
  PROTOCOL_ABUSE: 4008, SLOW_CONSUMER: 4009, HEARTBEAT_TIMEOUT: 4010, DRAINING: 4012, RATE_LIMITED: 4013,
});
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const REQUEST_TIMEOUT_MS = 15_000;
const RESUME_TIMEOUT_MS = 30_000;
const SILENCE_LIMIT_MS = 75_000; // the server pings after 25–30 s of silence; two missed pings mean the link is dead

/** An error frame (or a local failure: code 'timeout' / 'disconnected'). */
export class RealtimeError extends Error {
  constructor(code, detail, errors = [], retryAfterMs) {
    super(detail || code);
    this.code = code;
    this.errors = errors;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Delay before reconnect attempt n (0-based): exponential, capped, with "equal jitter". */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * What a close code means for the client: 'auth' (sign in again), 'refresh' (renew the token and
 * reconnect at once), or 'reconnect' with `penalty` extra backoff steps (the server asked us to
 * slow down); `now` (4012, the node is draining): reconnect at once, from a fresh backoff, so the
 * balancer sends us to another node and we resume there. 1000 is only ever sent by us or by a
 * server that wants us gone for good.
 */
export function closeAction(code) {
  switch (code) {
    case CLOSE.SESSION_REVOKED: return { kind: 'auth', reason: 'session_revoked' };
    case CLOSE.TOKEN_INVALID: return { kind: 'auth', reason: 'token_invalid' };
    case CLOSE.TOKEN_EXPIRED: return { kind: 'refresh' };
    case CLOSE.DRAINING: return { kind: 'reconnect', penalty: 0, now: true };
    case CLOSE.RATE_LIMITED: return { kind: 'reconnect', penalty: 4 };
    case CLOSE.PROTOCOL_ABUSE: case CLOSE.TOO_BIG: return { kind: 'reconnect', penalty: 3 };
    default: return { kind: 'reconnect', penalty: 0 }; // 1001, 1006, 1011, 4004, 4009, 4010, offline, silence
  }
}

/**
 * Binary frames (CRDT updates and the like). The codec turns a received ArrayBuffer into
 * `{route, payload}` and a `(route, payload)` into an ArrayBuffer; the default one reads the
 * header as a 1-byte length followed by that many bytes of UTF-8 route (e.g. `list.update`) and
 * the payload after it. It is pluggable so that the header the server documents
 * (docs/protocol.md) can be swapped in without touching subscribers.
 */
export const lengthPrefixedCodec = Object.freeze({
  decode(buffer) {
    const bytes = new Uint8Array(buffer);
    if (!bytes.length || bytes.length < 1 + bytes[0]) return null;
    const route = new TextDecoder().decode(bytes.subarray(1, 1 + bytes[0]));
    return { route, payload: bytes.subarray(1 + bytes[0]) };
  },
  encode(route, payload) {
    const head = new TextEncoder().encode(route);
    if (head.length > 255) throw new RangeError('binary route longer than 255 bytes');
    const body = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
    const out = new Uint8Array(1 + head.length + body.length);
    out[0] = head.length;
    out.set(head, 1);
    out.set(body, 1 + head.length);
    return out.buffer;
  },
});

export class Realtime {
  /**
   * @param {object} deps
   * @param {() => Promise<string|null>} deps.token     a fresh access token
   * @param {() => Promise<void>} deps.refresh          refreshes the access token (close 4001)
   * @param {(reason: string) => void} deps.authLost    the session is gone: go to sign-in
   * @param {string} [deps.url]                         defaults to this origin's /ws
   * @param {object} [deps.binaryCodec]                 see lengthPrefixedCodec
   */
  constructor({ token, refresh, authLost, url, binaryCodec = lengthPrefixedCodec }) {
    this.deps = { token, refresh, authLost };
    this.codec = binaryCodec;
    this.url = url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.ws = null;
    this.state = 'idle';
    this.attempt = 0;
    this.nextId = 1;
    this.pending = new Map(); // id -> {frame, resolve, reject, timer, transient, timeout}
    this.outbox = []; // ids of requests waiting for a connection, in order
    this.exact = new Map(); // type -> Set(fn)
    this.prefixed = new Map(); // 'message.' -> Set(fn)
    this.binaryHandlers = new Map(); // route prefix -> Set(fn)
    this.cursors = new Set(); // registered resume sources, see track()
    this.stopped = true;
    this.retryTimer = 0;
    this.silenceTimer = 0;
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => this.ws?.close(4000, 'offline');
  }

  // --- subscriptions -------------------------------------------------------------------------

  /**
   * Subscribes to server frames: an exact type ('message.created'), a group ('message.*' gets every
   * type starting with 'message.'), '*' for all, or a lifecycle event of the connection itself:
   * 'state' (idle | connecting | open | reconnecting | offline | closed), 'ready', 'ping', 'resumed'.
   * The handler gets (data, type). Returns an unsubscribe function.
   */
  on(pattern, fn) {
    const wildcard = pattern === '*' || pattern.endsWith('.*');
    const map = wildcard ? this.prefixed : this.exact;
    const key = wildcard ? pattern.slice(0, -1) : pattern;
    if (!map.has(key)) map.set(key, new Set());
    map.get(key).add(fn);
    return () => map.get(key)?.delete(fn);
  }

  emit(type, data) {
    const fns = [...(this.exact.get(type) || [])];
    for (const [prefix, set] of this.prefixed) if (type.startsWith(prefix)) fns.push(...set);
    for (const fn of fns) {
      try { fn(data, type); } catch (e) { console.error(e); }
    }
  }

  /** Subscribes to binary frames whose route starts with `routePrefix`; fn(payload: Uint8Array, route). */
  onBinary(routePrefix, fn) {
    if (!this.binaryHandlers.has(routePrefix)) this.binaryHandlers.set(routePrefix, new Set());
    this.binaryHandlers.get(routePrefix).add(fn);
    return () => this.binaryHandlers.get(routePrefix)?.delete(fn);
  }

  /**
   * Registers a resume source: a store that tracks sequenced streams. `cursors()` answers
   * {stream: lastSeqHeld} (e.g. {'conv.01hx…': 41}) at each (re)connect, `since()` (optional) the
   * epoch ms of the newest event it saw, and `resumed(results)` gets the ack's entries for its
   * streams: {stream, status: current | replayed | limited | not_found, fromSeq?, toSeq?}.
   * Returns an unregister function.
   */
  track(source) {
    this.cursors.add(source);
    return () => this.cursors.delete(source);
  }

  // --- lifecycle -----------------------------------------------------------------------------

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    const ws = this.ws;
    this.ws = null;
    ws?.close(CLOSE.NORMAL, 'bye');
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RealtimeError('disconnected', 'Signed out.'));
      this.pending.delete(id);
    }
    this.outbox = [];
    this.setState('closed');
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  // --- requests ------------------------------------------------------------------------------

  /**
   * Sends a request and resolves with the ack's data (rejects with a RealtimeError). Requests made
   * while disconnected wait for the connection; unacknowledged ones are sent again after a
   * reconnect (the protocol's requests are idempotent: message.send carries a clientMsgId),
   * except `transient` ones such as typing, which are dropped.
   */
  request(type, data, { transient = false, timeout = REQUEST_TIMEOUT_MS } = {}) {
    const id = `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { frame: { type, id, data }, resolve, reject, timer: 0, transient, timeout });
      if (this.state === 'open') this.transmit(id);
      else if (transient) this.fail(id, new RealtimeError('disconnected', 'Not connected.'));
      else this.outbox.push(id);
    });
  }

  /** Sends a binary frame now; false when not connected (binary updates are re-synced on resume). */
  sendBinary(route, payload) {
    if (this.state !== 'open' || !this.ws) return false;
    this.ws.send(this.codec.encode(route, payload));
    return true;
  }

  transmit(id) {
    const p = this.pending.get(id);
    if (!p || !this.ws) return;
    this.ws.send(JSON.stringify(p.frame));
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.fail(id, new RealtimeError('timeout', 'The server did not answer in time.')), p.timeout);
  }

  /** Sends a request on the open socket only (never queued, never re-sent): resume. */
  direct(type, data, timeout) {
    const id = `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { frame: { type, id, data }, resolve, reject, timer: 0, transient: true, timeout });
      this.transmit(id);
    });
  }

  fail(id, error) {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.reject(error);
  }

  settle(id, data, error) {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    if (error?.code === 'rate_limited' && error.retryAfterMs && !p.transient) {
      // Try again once the server's window has passed (a new request with a new id).
      setTimeout(() => this.request(p.frame.type, p.frame.data, p).then(p.resolve, p.reject), error.retryAfterMs);
      return;
    }
    if (error) p.reject(error);
    else p.resolve(data);
  }

  // --- the socket ----------------------------------------------------------------------------

  async connect() {
    if (this.stopped) return;
    // Offline: wait for the browser's 'online' event rather than fail attempts in a loop.
    if (navigator.onLine === false) { this.setState('offline'); return; }
    this.setState(this.attempt ? 'reconnecting' : 'connecting');
    let token;
    try {
      token = await this.deps.token();
    } catch {
      token = null;
    }
    if (this.stopped) return;
    if (!token) { this.scheduleReconnect(); return; }
    let ws;
    try {
      ws = new WebSocket(this.url, [PROTOCOL, `bearer.${token}`]);
      ws.binaryType = 'arraybuffer';
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    // A frame received proves the upgrade as much as 'open' does.
    let upgraded = false;
    ws.addEventListener('open', () => { upgraded = true; });
    ws.addEventListener('message', (e) => { upgraded = true; if (this.ws === ws) this.receive(e.data); });
    // The server refuses a bad or expired token at the upgrade (401); a browser only sees 1006
    // without an 'open', so a socket that never opened is retried with a refreshed token.
    ws.addEventListener('close', (e) => { if (this.ws === ws) this.closed(e.code, upgraded); });
    this.watchSilence();
  }

  receive(raw) {
    this.watchSilence();
    if (raw instanceof ArrayBuffer) { this.receiveBinary(raw); return; }
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'ack': this.settle(frame.id, frame.data, null); break;
      case 'error':
        if (frame.id == null) console.warn('realtime error', frame.code, frame.detail);
        else this.settle(frame.id, null, new RealtimeError(frame.code, frame.detail, frame.errors, frame.retryAfterMs));
        break;
      case 'ping':
        this.ws?.send('{"type":"pong"}');
        this.emit('ping', frame.data);
        break;
      case 'ready': this.ready(frame.data); break;
      default: if (typeof frame.type === 'string') this.emit(frame.type, frame.data);
    }
  }

  receiveBinary(buffer) {
    const frame = this.codec.decode(buffer);
    if (!frame) return;
    for (const [prefix, set] of this.binaryHandlers) {
      if (!frame.route.startsWith(prefix)) continue;
      for (const fn of [...set]) {
        try { fn(frame.payload, frame.route); } catch (e) { console.error(e); }
      }
    }
  }

  ready(info) {
    this.attempt = 0;
    this.setState('open');
    this.emit('ready', info);
    // Catch up first, then flush what was queued while offline (the server orders them after).
    this.resume().catch((e) => console.warn('resume failed', e.code));
    const queued = this.outbox;
    this.outbox = [];
    queued.forEach((id) => this.transmit(id));
  }

  /** Sends `resume` with every registered cursor and hands each result to its source. */
  async resume() {
    const sources = [...this.cursors];
    const owner = new Map();
    const streams = {};
    let since = 0;
    for (const s of sources) {
      for (const [stream, seq] of Object.entries(s.cursors() || {})) {
        streams[stream] = Math.max(0, Number(seq) || 0);
        owner.set(stream, s);
      }
      const t = s.since?.() || 0;
      // The oldest "newest event seen" is the safe one: no source misses changes after it.
      if (t && (!since || t < since)) since = t;
    }
    const data = since ? { streams, since } : { streams };
    const ack = await this.direct('resume', data, RESUME_TIMEOUT_MS);
    const results = ack?.streams || [];
    const bySource = new Map();
    for (const r of results) {
      const s = owner.get(r.stream);
      if (!s) continue;
      if (!bySource.has(s)) bySource.set(s, []);
      bySource.get(s).push(r);
    }
    for (const s of sources) {
      try { s.resumed?.(bySource.get(s) || []); } catch (e) { console.error(e); }
    }
    this.emit('resumed', { streams: results });
    return results;
  }

  closed(code, upgraded = true) {
    this.ws = null;
    clearTimeout(this.silenceTimer);
    // Unanswered requests go back to the queue (idempotent), transient ones fail now.
    for (const [id, p] of [...this.pending]) {
      clearTimeout(p.timer);
      if (p.transient) this.fail(id, new RealtimeError('disconnected', 'The connection dropped.'));
      else if (!this.outbox.includes(id)) this.outbox.push(id);
    }
    this.outbox.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    if (this.stopped) return;
    if (!upgraded) {
      // Backed off all the same: a refusal that is not about the token must not become a tight loop.
      this.deps.refresh().catch(() => {}).finally(() => this.scheduleReconnect());
      return;
    }
    const action = closeAction(code);
    if (action.kind === 'auth') {
      this.stop();
      this.deps.authLost(action.reason);
    } else if (action.kind === 'refresh') {
      this.setState('reconnecting');
      this.deps.refresh().then(() => this.connect(), () => this.scheduleReconnect());
    } else {
      if (action.now) this.attempt = 0; // the server's batches already spread us out: only the first step's jitter
      this.scheduleReconnect(action.penalty);
    }
  }

  scheduleReconnect(extraAttempts = 0) {
    if (this.stopped) return;
    this.setState(navigator.onLine === false ? 'offline' : 'reconnecting');
    const delay = backoffDelay(this.attempt + extraAttempts);
    this.attempt += 1;
    // After a few failed opens the token may be what the server refuses at upgrade: refresh it.
    const refreshFirst = this.attempt % 3 === 0;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(async () => {
      if (refreshFirst) { try { await this.deps.refresh(); } catch { /* authLost is handled by the session */ } }
      this.connect();
    }, delay);
  }

  reconnectNow() {
    if (this.stopped || this.state === 'open') return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    if (this.ws) this.ws.close(4000, 'retry');
    else this.connect();
  }

  watchSilence() {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.ws?.close(4000, 'silence'), SILENCE_LIMIT_MS);
  }
}
