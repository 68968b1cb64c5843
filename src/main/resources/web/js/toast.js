// Toasts in an aria-live region: errors are assertive, confirmations polite.
import { h } from './dom.js';
import { icon } from './icons.js';

function region(id, live) {
  let el = document.getElementById(id);
  if (!el) {
    el = h('div', { id, class: 'toasts', role: live === 'assertive' ? 'alert' : 'status', 'aria-live': live, 'aria-atomic': 'false' });
    document.body.append(el);
  }
  return el;
}

export function toast(message, { kind = 'info', timeout = 3500 } = {}) {
  const error = kind === 'error';
  const host = region(error ? 'toasts-error' : 'toasts', error ? 'assertive' : 'polite');
  const close = h('button', { type: 'button', 'aria-label': 'Dismiss', onclick: () => item.remove() }, icon('x', { cls: 'icon-sm' }));
  const item = h('div', { class: `toast ${kind}`, dataset: { kind, at: String(Date.now()) } },
    icon(error ? 'alert' : 'check', { cls: 'icon-sm' }), h('span', { class: 'msg', text: message }), close);
  host.append(item);
  if (timeout) setTimeout(() => item.remove(), error ? timeout * 1.6 : timeout);
  return item;
}

/** Drops the confirmations on screen (e.g. when the signed-in user changes). */
export function clearToasts({ olderThan = 0 } = {}) {
  const now = Date.now();
  document.querySelectorAll('.toast.info').forEach((t) => { if (now - Number(t.dataset.at) >= olderThan) t.remove(); });
}

export const toastError = (problemOrMessage) =>
  toast(typeof problemOrMessage === 'string' ? problemOrMessage : problemOrMessage.message, { kind: 'error' });
