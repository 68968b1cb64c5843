// Attachments through the media API: upload flow, previews, and the avatar uploader.
// (Filled in when the media API lands; these keep the chat usable meanwhile.)
import { h } from './dom.js';

export function avatarUploader() {
  return null;
}

export function attachmentPicker() {
  return null;
}

export function renderAttachments(list) {
  return h('div', { class: 'attachments' }, list.map((a) => h('span', { class: 'file', text: a.fileName || a.name || 'Attachment' })));
}
