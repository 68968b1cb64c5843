// The rooms REST calls (openapi/rooms.json).
import { get, post, put, del, api } from '../http.js';

const r = (id) => `/api/rooms/${encodeURIComponent(id)}`;
export const rooms = {
  list: () => get('/api/rooms'),
  create: (body) => post('/api/rooms', body),
  preview: (token) => get(`/api/rooms/join/${encodeURIComponent(token)}`),
  join: (token) => post(`/api/rooms/join/${encodeURIComponent(token)}`, {}),
  get: (id) => get(r(id)),
  update: (id, body) => api('PATCH', r(id), body),
  remove: (id) => del(r(id)),
  leave: (id) => post(`${r(id)}/leave`, {}),
  link: (id) => post(`${r(id)}/link`, {}),
  addToQueue: (id, body) => post(`${r(id)}/queue`, body),
  removeFromQueue: (id, itemId) => del(`${r(id)}/queue/${encodeURIComponent(itemId)}`),
  reorder: (id, order) => put(`${r(id)}/queue`, { order }),
  say: (id, body) => post(`${r(id)}/messages`, body),
  invite: (id, username) => post(`${r(id)}/invites`, { username }),
  controllers: (id, userIds) => put(`${r(id)}/controllers`, { userIds }),
};
