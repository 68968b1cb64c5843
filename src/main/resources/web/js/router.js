// Hash routes (#/signin, #/chat/<id> …): the server serves one index.html and needs no fallback.

const routes = [];

/** Registers a route: pattern like '/chat/:id'; options {public, view}. */
export function route(pattern, options) {
  const keys = [];
  const re = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, k) => { keys.push(k); return '([^/]+)'; }) + '/?$');
  routes.push({ pattern, re, keys, ...options });
}

export function current() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      const params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])]));
      return { ...r, path, params, query: new URLSearchParams(query) };
    }
  }
  return null;
}

export function go(path, { replace = false } = {}) {
  const hash = '#' + path;
  if (location.hash === hash) return;
  if (replace) location.replace(hash);
  else location.hash = hash;
}
