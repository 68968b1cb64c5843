// The messaging client of the signed-in session: one gateway connection and one store, created
// on sign-in and dropped on sign-out, shared by the chat views and the navigation badge.
import { Gateway } from '../gateway.js';
import { ChatStore } from './store.js';
import { session } from '../session.js';
import { toastError } from '../toast.js';

let current = null;

export function messaging() {
  if (current && current.userId === session.user?.id) return current;
  stopMessaging();
  let store = null;
  const gateway = new Gateway({
    token: () => session.token(),
    refresh: () => session.refresh(),
    authLost: () => session.clear('revoked'),
    resumeData: () => store.resumeData(),
  });
  store = new ChatStore(gateway, session.user);
  const loading = store.load().catch((e) => { toastError(e); });
  gateway.start();
  current = { userId: session.user.id, gateway, store, loading };
  return current;
}

export function stopMessaging() {
  if (!current) return;
  current.gateway.stop();
  current.store.destroy();
  current = null;
}

export function hasMessaging() {
  return current !== null;
}
