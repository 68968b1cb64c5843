// The messaging REST routes (messaging engineer's API), in one place, with the response shapes
// normalised for the store.
import { get, post, put, del } from '../http.js';

const enc = encodeURIComponent;
const list = (res, ...keys) => {
  for (const k of keys) if (Array.isArray(res?.[k])) return res[k];
  return Array.isArray(res) ? res : [];
};

export const rest = {
  /** One page of the list (200, most recently active first) and the cursor of the next (null: last page). */
  async conversations(cursor) {
    const res = await get(`/api/conversations${cursor ? `?cursor=${enc(cursor)}` : ''}`);
    return { items: list(res, 'conversations', 'items'), next: res?.nextCursor || null };
  },
  async conversation(id) {
    const res = await get(`/api/conversations/${enc(id)}`);
    return res.conversation || res;
  },
  async members(id) {
    return list(await get(`/api/conversations/${enc(id)}/members`), 'members', 'items');
  },
  /** Messages before (older than) a seq, or after one; newest page when neither is given. */
  async messages(id, { before, after, limit = 50 } = {}) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before) q.set('before', String(before));
    if (after != null) q.set('after', String(after));
    const res = await get(`/api/conversations/${enc(id)}/messages?${q}`);
    return { messages: list(res, 'messages', 'items'), hasMore: typeof res.hasMore === 'boolean' ? res.hasMore : undefined };
  },
  async openDirect(username) {
    const res = await post('/api/conversations/direct', { username });
    return res.conversation || res;
  },
  async createGroup(name) {
    const res = await post('/api/conversations/groups', { name });
    return res.conversation || res;
  },
  /** Joins by the short join code, or by the secret of an invite link. */
  async join(codeOrInvite) {
    const body = /^[A-Za-z0-9]{6,16}$/.test(codeOrInvite) ? { code: codeOrInvite.toUpperCase() } : { invite: codeOrInvite };
    const res = await post('/api/conversations/join', body);
    return res.conversation || res;
  },
  async invitePreview(secret) {
    return get(`/api/invites/${enc(secret)}`);
  },
  async leave(id) {
    return post(`/api/conversations/${enc(id)}/leave`);
  },
  async rename(id, name) {
    return put(`/api/conversations/${enc(id)}`, { name });
  },
  /** A new join code and invite link; the old ones stop working. */
  async newCode(id) {
    return post(`/api/conversations/${enc(id)}/code`);
  },
  async setRole(id, userId, role) {
    return put(`/api/conversations/${enc(id)}/members/${enc(userId)}`, { role });
  },
  async removeMember(id, userId) {
    return del(`/api/conversations/${enc(id)}/members/${enc(userId)}`);
  },
  async archive(id, on) {
    return on ? put(`/api/conversations/${enc(id)}/archive`) : del(`/api/conversations/${enc(id)}/archive`);
  },
  /** The push feature's per-conversation mutes (the one mute: it silences pushes and marks the list). */
  async mutes() {
    const res = await get('/api/push');
    return (res?.mutes || []).filter((s) => s.startsWith('conv.')).map((s) => s.slice(5));
  },
  async mute(id, on) {
    return on ? put(`/api/push/mutes/${enc(id)}`) : del(`/api/push/mutes/${enc(id)}`);
  },
  async search(q) {
    return list(await get(`/api/search/messages?${new URLSearchParams({ q, limit: '20' })}`), 'results', 'items', 'messages');
  },
  async user(username) {
    return get(`/api/users/${enc(username)}`);
  },
};
