// Avatars: the user's picture when the CSP lets us show it (same origin, data: or blob:),
// otherwise coloured initials. A colour is picked from the username so it stays stable.
import { h } from './dom.js';
import { initials } from './format.js';
import { avatarMediaId, resolveMedia } from './media.js';

export function displayable(url) {
  if (!url) return false;
  try {
    const u = new URL(url, location.href);
    return u.origin === location.origin || u.protocol === 'data:' || u.protocol === 'blob:';
  } catch {
    return false;
  }
}

function hue(key = '') {
  let n = 0;
  for (const ch of key) n = (n * 31 + ch.codePointAt(0)) >>> 0;
  return n % 8;
}

/** An avatar for {username, fullName, avatarUrl}; size '', 'sm', 'lg' or 'xl'; presence null|true|false. */
export function avatar(user = {}, { size = '', presence = null } = {}) {
  const name = user.fullName || user.username || '?';
  const el = h('span', { class: `avatar ${size} av-${hue(user.username || name)}`, 'aria-hidden': 'true' });
  const fallback = () => h('span', { class: 'initials', text: initials(name) });
  const mediaId = avatarMediaId(user.avatarUrl);
  if (mediaId) {
    // An uploaded avatar: show initials until its signed URL is known.
    const initialsEl = fallback();
    el.append(initialsEl);
    resolveMedia(mediaId).then((m) => {
      const src = m.thumbnailUrl || m.url;
      if (!src) return;
      const img = h('img', { src, alt: '', decoding: 'async' });
      img.addEventListener('load', () => initialsEl.replaceWith(img), { once: true });
    }, () => {});
  } else if (displayable(user.avatarUrl)) {
    const img = h('img', { src: user.avatarUrl, alt: '', loading: 'lazy', decoding: 'async' });
    img.addEventListener('error', () => img.replaceWith(fallback()), { once: true });
    el.append(img);
  } else {
    el.append(fallback());
  }
  if (presence !== null) el.append(h('span', { class: `presence ${presence ? 'online' : ''}`, dataset: { presence: presence ? 'online' : 'offline' } }));
  return el;
}
