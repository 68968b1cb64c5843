// Features plug into the client here: each feature's js/<feature>/index.js calls feature({...})
// with its routes, navigation entries and a start() for the signed-in session (its stores and
// frame handlers), and app.js imports that index.js with one line. Nothing else is edited.
import { route } from './router.js';

const features = [];
const navEntries = [];
const badgeListeners = new Set();
const featureListeners = new Set();
const badges = new Map();

/**
 * Registers a feature.
 * @param {object} def
 * @param {string} def.id
 * @param {Array<{path: string, mount: Function, title: string, nav?: string, public?: boolean,
 *   immersive?: (params: object) => boolean}>} [def.routes]   immersive: hide the navigation on phones
 * @param {Array<{key: string, href: string, label: string, icon: string, order?: number}>} [def.nav]
 * @param {string} [def.home]  the route a signed-in user lands on (the first feature with one wins)
 * @param {(ctx: {realtime, user, badge: (key: string, n: number) => void}) => object} [def.start]
 *   called once per signed-in session, before the socket opens (so its resume cursors are in the
 *   first resume); returns the feature's session services, with an optional stop().
 */
export function feature(def) {
  if (features.some((f) => f.id === def.id)) throw new Error(`feature ${def.id} registered twice`);
  features.push(def);
  for (const r of def.routes || []) route(r.path, { ...r, view: r.mount, feature: def.id });
  for (const n of def.nav || []) navEntries.push({ order: 100, ...n, feature: def.id });
  navEntries.sort((a, b) => a.order - b.order);
  for (const fn of [...featureListeners]) fn(def);
}

/** Called with each feature registered from now on (a feature loaded after sign-in). */
export function onFeature(fn) {
  featureListeners.add(fn);
  return () => featureListeners.delete(fn);
}

/** Where a signed-in user lands: the first registered feature's `home` route. */
export function home() {
  return features.find((f) => f.home)?.home || '/profile';
}

export function registeredFeatures() {
  return [...features];
}

export function navigation() {
  return [...navEntries];
}

/** A feature's count on its navigation entry (unread conversations, pending invites…). */
export function setBadge(key, n) {
  if (badges.get(key) === n) return;
  badges.set(key, n);
  for (const fn of [...badgeListeners]) fn(key, n);
}

export function badge(key) {
  return badges.get(key) || 0;
}

export function totalBadges() {
  let n = 0;
  for (const v of badges.values()) n += v;
  return n;
}

export function onBadge(fn) {
  badgeListeners.add(fn);
  return () => badgeListeners.delete(fn);
}

export function clearBadges() {
  for (const key of [...badges.keys()]) setBadge(key, 0);
}
