// The signed-in session's live parts: one realtime connection and the services each feature
// started on it (stores, frame handlers). Created on first use after sign-in, dropped on sign-out.
import { Realtime } from './realtime.js';
import { session } from './session.js';
import { registeredFeatures, onFeature, setBadge, clearBadges } from './registry.js';

let current = null;

function startFeature(f, ctx, services) {
  if (!f.start) return;
  try {
    services.set(f.id, f.start(ctx) || {});
  } catch (e) {
    console.error(`feature ${f.id} did not start`, e);
  }
}

// A feature registered while signed in (loaded later) starts at once; its resume cursors are
// sent from the next (re)connect on.
onFeature((f) => { if (current) startFeature(f, current.ctx, current.services); });

export function runtime() {
  if (current && current.userId === session.user?.id) return current;
  stopRuntime();
  const realtime = new Realtime({
    token: () => session.token(),
    refresh: () => session.refresh(),
    authLost: () => session.clear('revoked'),
  });
  const services = new Map();
  const ctx = { realtime, user: session.user, badge: setBadge };
  for (const f of registeredFeatures()) startFeature(f, ctx, services);
  realtime.start();
  current = { userId: session.user.id, realtime, services, ctx };
  return current;
}

/** The session services of one feature (starting the session's runtime if needed). */
export function service(featureId) {
  return runtime().services.get(featureId);
}

export function stopRuntime() {
  if (!current) return;
  const { realtime, services } = current;
  current = null;
  realtime.stop();
  for (const [id, s] of [...services].reverse()) {
    try { s.stop?.(); } catch (e) { console.error(`feature ${id} did not stop cleanly`, e); }
  }
  clearBadges();
}

export function hasRuntime() {
  return current !== null;
}
