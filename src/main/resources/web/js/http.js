// JSON over fetch with the access token, problem+json errors and one silent retry after a refresh.
import { session } from './session.js';

/** An RFC 9457 problem from the API (status 0 = network failure). */
export class Problem extends Error {
  constructor(status, body = {}) {
    super(body.detail || body.title || `Request failed (${status}).`);
    this.status = status;
    this.code = body.code || (status === 0 ? 'network' : 'http_' + status);
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.retryAfter = body.retryAfter;
  }
}

async function problemOf(res) {
  let body = {};
  try { body = await res.json(); } catch { /* not JSON */ }
  const retry = res.headers.get('Retry-After');
  if (retry) body.retryAfter = Number(retry);
  return new Problem(res.status, body);
}

/**
 * Calls the API. `auth: false` for sign-in/sign-up. On 401 token_expired it refreshes once and
 * retries; on a revoked session it clears the session (the app then shows the sign-in screen).
 */
export async function api(method, path, body, { auth = true, retry = true, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let sentToken = null;
  if (auth) {
    sentToken = await session.token();
    if (sentToken) headers.Authorization = `Bearer ${sentToken}`;
  }
  let res;
  try {
    res = await fetch(path, {
      method, headers, signal, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new Problem(0, { code: 'network', detail: 'Cannot reach the server. Check your connection and try again.' });
  }
  if (res.ok) return res.status === 204 ? null : res.json();
  const problem = await problemOf(res);
  if (res.status === 401 && auth) {
    if (problem.code === 'token_expired' && retry) {
      // Parallel requests all get 401 with the old token: only refresh if no one has since.
      if (session.accessToken === sentToken) await session.refresh();
      return api(method, path, body, { auth, retry: false, signal });
    }
    if (['session_revoked', 'auth_required', 'token_invalid'].includes(problem.code)) session.clear('revoked');
  }
  throw problem;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body, opts);
export const put = (path, body, opts) => api('PUT', path, body, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);
