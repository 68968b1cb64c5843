// The WebSocket gateway client (docs/protocol.md): one connection, requests correlated with their
// ack/error by id, server events dispatched by type, automatic reconnection with exponential
// backoff and jitter, and a resume after every (re)connect so nothing missed offline is lost.
// It knows nothing about views; the chat store feeds it a cursor and listens to its events.

const PROTOCOL = 'juntos.v1';
const CLOSE = { NORMAL: 1000, TOKEN_EXPIRED: 4001, TOKEN_INVALID: 4002, SESSION_REVOKED: 4003, RATE_LIMITED: 4013 };
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const REQUEST_TIMEOUT_MS = 15_000;
const SILENCE_LIMIT_MS = 75_000; // the server pings after 25–30 s of silence; two missed pings mean the link is dead

/** An error frame (or a local failure: code 'timeout' / 'disconnected'). */
export class GatewayError extends Error {
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

export class Gateway {
  /**
   * @param {object} deps
   * @param {() => Promise<string|null>} deps.token     a fresh access token
   * @param {() => Promise<void>} deps.refresh          refreshes the access token (close 4001)
   * @param {(reason: string) => void} deps.authLost    the session is gone: go to sign-in
   * @param {() => object} deps.resumeData              {conversations: {id: seq}, since} for resume
   */
  constructor({ token, refresh, authLost, resumeData, url }) {
    this.deps = { token, refresh, authLost, resumeData };
    this.url = url || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.ws = null;
    this.state = 'idle';
    this.attempt = 0;
    this.nextId = 1;
    this.pending = new Map(); // id -> {frame, resolve, reject, timer, transient}
    this.outbox = []; // ids of requests waiting for a connection, in order
    this.handlers = new Map();
    this.stopped = true;
    this.retryTimer = 0;
    this.silenceTimer = 0;
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => this.ws?.close(4000, 'offline');
  }

  /** Subscribes to an event type ('message.created', … or 'state', 'ready', 'resumed'); returns an unsubscribe. */
  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(fn);
    return () => this.handlers.get(type)?.delete(fn);
  }

  emit(type, data) {
    for (const fn of [...(this.handlers.get(type) || [])]) {
      try { fn(data); } catch (e) { console.error(e); }
    }
  }

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
      p.reject(new GatewayError('disconnected', 'Signed out.'));
      this.pending.delete(id);
    }
    this.outbox = [];
    this.setState('closed');
  }

  /**
   * Sends a request and resolves with the ack's data (rejects with a GatewayError). Requests made
   * while disconnected wait for the connection; unacknowledged ones are sent again after a
   * reconnect (the protocol's requests are idempotent: message.send carries a clientMsgId),
   * except `transient` ones such as typing, which are dropped.
   */
  request(type, data, { transient = false, timeout = REQUEST_TIMEOUT_MS } = {}) {
    const id = `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { frame: { type, id, data }, resolve, reject, timer: 0, transient, timeout });
      if (this.state === 'open') this.transmit(id);
      else if (transient) this.fail(id, new GatewayError('disconnected', 'Not connected.'));
      else this.outbox.push(id);
    });
  }

  transmit(id) {
    const p = this.pending.get(id);
    if (!p || !this.ws) return;
    this.ws.send(JSON.stringify(p.frame));
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.fail(id, new GatewayError('timeout', 'The server did not answer in time.')), p.timeout);
  }

  fail(id, error) {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.reject(error);
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

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
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.addEventListener('message', (e) => { if (this.ws === ws) this.receive(e.data); });
    let upgraded = false;
    ws.addEventListener('open', () => { upgraded = true; });
    // The server refuses a bad or expired token at the upgrade (401); a browser only sees 1006
    // without an 'open', so a socket that never opened is retried with a refreshed token.
    ws.addEventListener('close', (e) => { if (this.ws === ws) this.closed(e.code, upgraded); });
    this.watchSilence();
  }

  receive(raw) {
    this.watchSilence();
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'ack': return this.settle(frame.id, frame.data, null);
      case 'error':
        if (frame.id == null) return console.warn('gateway error', frame.code, frame.detail);
        return this.settle(frame.id, null, new GatewayError(frame.code, frame.detail, frame.errors, frame.retryAfterMs));
      case 'ping':
        this.ws?.send('{"type":"pong"}');
        return this.emit('ping', frame.data);
      case 'ready': return this.ready(frame.data);
      default: return this.emit(frame.type, frame.data);
    }
  }

  settle(id, data, error) {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    if (error?.code === 'rate_limited' && error.retryAfterMs) {
      // Try again once the server's window has passed (same id semantics: a new request).
      setTimeout(() => this.request(p.frame.type, p.frame.data, p).then(p.resolve, p.reject), error.retryAfterMs);
      return;
    }
    if (error) p.reject(error);
    else p.resolve(data);
  }

  ready(info) {
    this.attempt = 0;
    this.setState('open');
    this.emit('ready', info);
    // Catch up first, then flush what was queued while offline.
    const resume = this.deps.resumeData();
    const resumeId = `c${this.nextId++}`;
    const frame = { type: 'resume', id: resumeId, data: resume };
    new Promise((resolve, reject) => {
      this.pending.set(resumeId, { frame, resolve, reject, timer: 0, transient: true, timeout: 30_000 });
      this.transmit(resumeId);
    }).then((ack) => this.emit('resumed', ack), (e) => console.warn('resume failed', e.code));
    const queued = this.outbox;
    this.outbox = [];
    queued.forEach((id) => this.transmit(id));
  }

  closed(code, upgraded = true) {
    this.ws = null;
    clearTimeout(this.silenceTimer);
    // Unanswered requests go back to the queue (idempotent), transient ones fail now.
    for (const [id, p] of [...this.pending]) {
      clearTimeout(p.timer);
      if (p.transient) this.fail(id, new GatewayError('disconnected', 'The connection dropped.'));
      else if (!this.outbox.includes(id)) this.outbox.push(id);
    }
    this.outbox.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    if (this.stopped) return;
    if (code === CLOSE.SESSION_REVOKED || code === CLOSE.TOKEN_INVALID) {
      this.stop();
      this.deps.authLost(code === CLOSE.SESSION_REVOKED ? 'session_revoked' : 'token_invalid');
      return;
    }
    if (!upgraded) {
      // Backed off all the same: a refusal that is not about the token must not become a tight loop.
      this.deps.refresh().catch(() => {}).finally(() => this.scheduleReconnect());
      return;
    }
    if (code === CLOSE.TOKEN_EXPIRED) {
      this.setState('reconnecting');
      this.deps.refresh().then(() => this.connect(), () => this.scheduleReconnect());
      return;
    }
    this.scheduleReconnect(code === CLOSE.RATE_LIMITED ? 4 : 0);
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
      if (refreshFirst) { try { await this.deps.refresh(); } catch { /* authLost handled by session */ } }
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
