// Attachments and avatars through the media API: announce an upload, PUT the bytes to the signed
// uploadUrl with exactly the headers given, complete it, then attach its id (to a message) or
// reference it (an avatar is stored as the stable path /api/media/<id>, resolved to a short-lived
// signed URL when shown). Previews use blob: URLs, which the CSP allows for img and media.
import { h } from './dom.js';
import { icon } from './icons.js';
import { get, post, put, Problem } from './http.js';
import { session } from './session.js';
import { formatBytes } from './format.js';
import { toast, toastError } from './toast.js';

const AVATAR_PATH = /^\/api\/media\/([A-Za-z0-9_-]+)$/;
const FORBIDDEN_HEADERS = new Set(['content-length', 'host', 'connection']);
const resolved = new Map(); // media id -> Promise<Media>

/** Uploads one file; onProgress(0..1). Resolves with the ready Media. */
export async function uploadFile(file, { purpose = 'attachment', onProgress = () => {} } = {}) {
  const ticket = await post('/api/media/uploads', {
    fileName: file.name || 'file', contentType: file.type || 'application/octet-stream', size: file.size, purpose,
  });
  await putBytes(ticket, file, onProgress);
  const media = await post(`/api/media/${encodeURIComponent(ticket.mediaId)}/complete`);
  resolved.set(media.id, Promise.resolve(media));
  return media;
}

function putBytes(ticket, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method || 'PUT', new URL(ticket.uploadUrl, location.href).href);
    for (const [k, v] of Object.entries(ticket.headers || {})) {
      if (!FORBIDDEN_HEADERS.has(k.toLowerCase())) xhr.setRequestHeader(k, v);
    }
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) { onProgress(1); resolve(); return; }
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      reject(new Problem(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new Problem(0, { detail: 'The upload was interrupted. Check your connection.' })));
    xhr.send(file);
  });
}

/** Media metadata with fresh signed URLs (cached until they are about to expire). */
export function resolveMedia(id, { fresh = false } = {}) {
  const cached = resolved.get(id);
  if (cached && !fresh) {
    return cached.then((m) => (m.urlExpiresAt && Date.parse(m.urlExpiresAt) - Date.now() < 30_000 ? resolveMedia(id, { fresh: true }) : m));
  }
  const p = get(`/api/media/${encodeURIComponent(id)}`);
  resolved.set(id, p);
  p.catch(() => resolved.delete(id));
  return p;
}

/** The media id behind an avatar path (/api/media/<id>), or null. */
export function avatarMediaId(url) {
  return url ? (AVATAR_PATH.exec(url)?.[1] || null) : null;
}

/**
 * A "Change picture" button for the profile: the picked file shows at once as a preview
 * (onPreview(blobUrl)), is uploaded, saved to the profile, and onSaved(user) is called; on failure
 * onPreview(null) puts the old picture back.
 */
export function avatarUploader(onSaved, { onPreview = () => {} } = {}) {
  const input = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true', dataset: { testid: 'avatar-file' } });
  const label = h('span', { text: 'Change picture' });
  const button = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', onclick: () => input.click() }, icon('image', { cls: 'icon-sm' }), label);
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    button.disabled = true;
    label.textContent = 'Uploading…';
    const preview = URL.createObjectURL(file);
    onPreview(preview);
    try {
      const media = await uploadFile(file, { purpose: 'avatar' });
      const user = await put('/api/profile', { avatarUrl: `/api/media/${media.id}` });
      session.setUser(user);
      onSaved(user);
      toast('Profile picture updated.');
    } catch (e) {
      onPreview(null);
      toastError(e);
    } finally {
      setTimeout(() => URL.revokeObjectURL(preview), 10_000);
      button.disabled = false;
      label.textContent = 'Change picture';
    }
  });
  return h('span', { class: 'uploader' }, button, input);
}

/** The composer's attach button and tray of uploads in progress. */
export function attachmentPicker(onChange) {
  const items = [];
  const input = h('input', { type: 'file', multiple: true, accept: 'image/*,video/*,application/pdf', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true', dataset: { testid: 'attach-file' } });
  const button = h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Attach files', title: 'Attach files', onclick: () => input.click() }, icon('clip'));
  const tray = h('div', { class: 'tray', hidden: true, 'aria-label': 'Attachments', role: 'list' });
  const sync = () => { tray.hidden = !items.length; onChange(); };

  function add(file) {
    const preview = file.type.startsWith('image/') || file.type.startsWith('video/') ? URL.createObjectURL(file) : null;
    const progress = h('progress', { max: '100', value: '0', 'aria-label': `Uploading ${file.name}` });
    const remove = h('button', { type: 'button', class: 'icon-btn sm tray-remove', 'aria-label': `Remove ${file.name}` }, icon('x', { cls: 'icon-sm' }));
    const thumb = file.type.startsWith('image/') ? h('img', { src: preview, alt: '' })
      : h('span', { class: 'tray-icon' }, icon(file.type.startsWith('video/') ? 'video' : 'file'));
    const el = h('div', { class: 'tray-item', role: 'listitem', dataset: { state: 'uploading' } }, thumb,
      h('div', { class: 'tray-meta' }, h('span', { class: 'tray-name', text: file.name }), h('span', { class: 'faint', text: formatBytes(file.size) }), progress), remove);
    const item = { file, preview, el, media: null, state: 'uploading' };
    items.push(item);
    tray.append(el);
    remove.addEventListener('click', () => {
      items.splice(items.indexOf(item), 1);
      el.remove();
      if (preview) URL.revokeObjectURL(preview);
      sync();
    });
    uploadFile(file, { onProgress: (f) => { progress.value = Math.round(f * 100); } }).then((media) => {
      item.media = media;
      item.state = 'ready';
      el.dataset.state = 'ready';
      progress.remove();
      sync();
    }, (e) => {
      item.state = 'failed';
      el.dataset.state = 'failed';
      progress.replaceWith(h('span', { class: 'tray-error', text: e.message }));
      sync();
    });
    sync();
  }

  input.addEventListener('change', () => { [...input.files].forEach(add); input.value = ''; });
  return {
    button: h('span', null, button, input),
    tray,
    add,
    busy: () => items.some((i) => i.state === 'uploading'),
    ready: () => items.some((i) => i.state === 'ready'),
    /** The ready uploads, as {id, preview} for the message; clears the tray. */
    take() {
      const ready = items.filter((i) => i.state === 'ready').map((i) => ({
        id: i.media.id,
        preview: { ...i.media, url: i.preview || i.media.url, thumbnailUrl: i.preview || i.media.thumbnailUrl },
      }));
      items.splice(0).forEach((i) => i.el.remove());
      sync();
      return ready;
    },
  };
}

/** Attachments inside a message bubble: image thumbnails (open full size), video players, file links. */
export function renderAttachments(list) {
  return h('div', { class: `attachments${list.length > 1 ? ' many' : ''}` }, list.map((a) => {
    const media = typeof a === 'string' ? { id: a } : a;
    const kind = (media.contentType || '').split('/')[0];
    if (kind === 'image') return imageAttachment(media);
    if (kind === 'video') return videoAttachment(media);
    return fileAttachment(media);
  }));
}

/** Sets a signed URL on an element, fetching fresh URLs once if the old ones have expired. */
function withUrl(media, apply, pick) {
  if (pick(media)) apply(pick(media));
  else if (media.id) resolveMedia(media.id).then((m) => apply(pick(m)), () => {});
  return (el) => el.addEventListener('error', () => {
    if (!media.id || el.dataset.retried) return;
    el.dataset.retried = '1';
    resolveMedia(media.id, { fresh: true }).then((m) => apply(pick(m)), () => {});
  }, { once: true });
}

function imageAttachment(media) {
  const img = h('img', { alt: media.fileName || 'Image', loading: 'lazy', decoding: 'async', width: media.width, height: media.height, dataset: { testid: 'attachment-image' } });
  withUrl(media, (src) => { img.src = src; }, (m) => m.thumbnailUrl || m.url)(img);
  return h('button', { type: 'button', class: 'att-image', 'aria-label': `Open image ${media.fileName || ''}`.trim(), onclick: () => openLightbox(media) }, img);
}

function videoAttachment(media) {
  const video = h('video', { controls: true, preload: 'metadata', playsinline: true, class: 'att-video', 'aria-label': media.fileName || 'Video' });
  withUrl(media, (src) => { video.src = src; }, (m) => m.url)(video);
  return video;
}

function fileAttachment(media) {
  const link = h('a', { class: 'att-file', download: media.fileName || '', rel: 'noopener' },
    h('span', { class: 'row-icon' }, icon('file')),
    h('span', { class: 'att-file-meta' }, h('span', { class: 'att-file-name', text: media.fileName || 'File' }),
      h('span', { class: 'att-file-size', text: media.size ? formatBytes(media.size) : '' })),
    icon('download', { cls: 'icon-sm' }));
  withUrl(media, (href) => { link.href = href; }, (m) => m.url);
  return link;
}

function openLightbox(media) {
  const img = h('img', { alt: media.fileName || 'Image' });
  withUrl(media, (src) => { img.src = src; }, (m) => m.url)(img);
  const close = h('button', { type: 'button', class: 'icon-btn lightbox-close', 'aria-label': 'Close' }, icon('x'));
  const dialog = h('dialog', { class: 'lightbox', 'aria-label': media.fileName || 'Image' }, close, img,
    media.fileName ? h('p', { class: 'lightbox-caption', text: media.fileName }) : null);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
