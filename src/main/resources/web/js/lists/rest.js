// The lists REST calls (openapi/lists.json).
import { get, post, del, api } from '../http.js';

const l = (id) => `/api/lists/${encodeURIComponent(id)}`;
export const lists = {
  mine: () => get('/api/lists'),
  trash: () => get('/api/lists/trash'),
  create: (name) => post('/api/lists', { name }),
  get: (id) => get(l(id)),
  rename: (id, name) => api('PATCH', l(id), { name }),
  trashIt: (id) => del(l(id)),
  restore: (id) => post(`${l(id)}/restore`, {}),
  attach: (id, itemId, mediaId) => post(`${l(id)}/items/${encodeURIComponent(itemId)}/attachments`, { mediaId }),
  members: (id) => get(`${l(id)}/members`),
  invite: (id, user, role) => post(`${l(id)}/members`, { user, role }),
  setRole: (id, userId, role) => api('PATCH', `${l(id)}/members/${encodeURIComponent(userId)}`, { role }),
  removeMember: (id, userId) => del(`${l(id)}/members/${encodeURIComponent(userId)}`),
  leave: (id) => post(`${l(id)}/leave`, {}),
  transfer: (id, userId) => post(`${l(id)}/owner`, { userId }),
  links: (id) => get(`${l(id)}/invites`),
  createLink: (id, role, expiresAt) => post(`${l(id)}/invites`, expiresAt ? { role, expiresAt } : { role }),
  revokeLink: (id, inviteId) => del(`${l(id)}/invites/${encodeURIComponent(inviteId)}`),
  preview: (token) => get(`/api/lists/invites/${encodeURIComponent(token)}`),
  accept: (token) => post(`/api/lists/invites/${encodeURIComponent(token)}/accept`, {}),
};

/** The page an invite link opens (the client's own route, built from the token). */
export const inviteUrl = (token) => `${location.origin}/#/lists/join/${encodeURIComponent(token)}`;
