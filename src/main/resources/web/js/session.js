// The signed-in session. The access token lives in memory only; the refresh token is an HttpOnly
// cookie (path /api/auth) that the browser sends with POST /api/auth/refresh. Refresh tokens
// rotate and presenting a rotated one revokes the session, so refreshes are serialised: one in
// flight per tab, and across tabs through a Web Lock. A tab that refreshed shares the new access
// token on a BroadcastChannel, so a tab waiting for the lock usually finds it has nothing to do.

const LOCK = 'juntos-refresh';
const HINT = 'juntos.signedIn'; // a hint only ("there may be a cookie"), never a secret
const EARLY_MS = 60_000;

let state = emptyState();
let generation = 0;
let inflight = null;
let timer = 0;
const listeners = new Set();
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('juntos-auth') : null;

function emptyState() {
  return { accessToken: null, expiresAt: 0, lifetime: 0, user: null, sessionId: null };
}

/** How long before expiry to renew: a minute, or a quarter of a short lifetime. */
function margin(lifetime) {
  return Math.min(EARLY_MS, lifetime / 4);
}

/** A problem that came back from the refresh endpoint, or a network failure. */
export class RefreshFailed extends Error {
  constructor(status, code, detail) {
    super(detail || 'Your session has ended. Sign in again.');
    this.status = status;
    this.code = code;
  }
}

export const session = {
  get user() { return state.user; },
  get sessionId() { return state.sessionId; },
  get signedIn() { return Boolean(state.accessToken); },
  get accessToken() { return state.accessToken; },

  /** A token that is valid for a while, refreshing first when it is about to expire. */
  async token() {
    if (state.accessToken && Date.now() > state.expiresAt - Math.min(5_000, margin(state.lifetime))) {
      try { await this.refresh(); } catch { /* the request will get a 401 and say so */ }
    }
    return state.accessToken;
  },

  /** Refreshes the access token; concurrent callers share one refresh. */
  refresh() {
    if (!inflight) inflight = refreshExclusively().finally(() => { inflight = null; });
    return inflight;
  },

  /** Tries to restore a session from the refresh cookie; false when there is none. `force` tries without the hint. */
  async restore({ force = false } = {}) {
    if (!force && localStorage.getItem(HINT) !== '1') return false;
    try {
      await this.refresh();
      return true;
    } catch (e) {
      if (e instanceof RefreshFailed && (e.status === 0 || e.status >= 500)) throw e;
      return false;
    }
  },

  /** Adopts a grant from sign-up, sign-in or refresh. */
  adopt(grant, { share = true } = {}) {
    generation += 1;
    const lifetime = grant.lifetime || (grant.expiresIn || 300) * 1000;
    state = {
      accessToken: grant.accessToken,
      expiresAt: grant.expiresAt || Date.now() + lifetime,
      lifetime,
      user: grant.user || state.user,
      sessionId: grant.sessionId || state.sessionId,
    };
    localStorage.setItem(HINT, '1');
    schedule();
    if (share) channel?.postMessage({ type: 'grant', grant: { ...state } });
    emit('signedIn');
  },

  setUser(user) {
    state = { ...state, user };
    channel?.postMessage({ type: 'user', user });
    emit('user');
  },

  /** Forgets the session locally (after sign-out or when it was revoked). */
  clear(reason = 'signedOut', { share = true } = {}) {
    const had = Boolean(state.accessToken);
    generation += 1;
    state = emptyState();
    clearTimeout(timer);
    localStorage.removeItem(HINT);
    if (share) channel?.postMessage({ type: 'signout' });
    if (had) emit(reason);
  },

  /** Subscribes to 'signedIn' | 'signedOut' | 'revoked' | 'originRefused' | 'user'; returns an unsubscribe function. */
  on(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

function emit(kind) {
  for (const fn of [...listeners]) fn(kind, state);
}

function schedule() {
  clearTimeout(timer);
  const wait = Math.max(1_000, state.expiresAt - Date.now() - margin(state.lifetime));
  timer = setTimeout(() => session.refresh().catch(() => {}), wait);
}

async function refreshExclusively() {
  const before = generation;
  const run = async () => {
    // Another tab refreshed while we waited for the lock and shared a fresh token: use it.
    if (generation !== before && state.accessToken && state.expiresAt - Date.now() > margin(state.lifetime)) return;
    await refreshNow();
  };
  if (navigator.locks?.request) return navigator.locks.request(LOCK, run);
  return run();
}

async function refreshNow() {
  let res;
  try {
    res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw new RefreshFailed(0, 'network', 'Cannot reach the server.');
  }
  if (!res.ok) {
    let body = {};
    try { body = await res.json(); } catch { /* not JSON */ }
    // Only a refusal ends the session; a server hiccup (5xx, 429) leaves it for the next try.
    // A refused origin is a server setting, not a lost session: say so instead of "session ended".
    const ended = body.code === 'origin_not_allowed' ? 'originRefused' : 'revoked';
    if (res.status >= 400 && res.status < 500 && res.status !== 429) session.clear(state.accessToken ? ended : 'signedOut');
    throw new RefreshFailed(res.status, body.code, body.detail);
  }
  session.adopt(await res.json());
}

channel?.addEventListener('message', (e) => {
  const msg = e.data || {};
  if (msg.type === 'grant') {
    // Same session (or a sign-in in another tab): take the newer token without touching the cookie.
    session.adopt(msg.grant, { share: false });
  } else if (msg.type === 'signout') {
    session.clear('signedOut', { share: false });
  } else if (msg.type === 'user' && state.accessToken) {
    state = { ...state, user: msg.user };
    emit('user');
  }
});
