// Messages still sending, kept in the browser (localStorage, one key per account) so that a reload
// or a closed tab does not lose them: on the next start they are sent again with the same client
// message id, and the server's idempotent send (by clientMsgId) makes a repeat return the original.
const KEY = 'juntos.outbox.';

/** What is needed to send a message again; previews (blob: URLs) do not survive a reload. */
const saved = (m) => ({
  clientMsgId: m.clientMsgId, conversationId: m.conversationId, text: m.text || undefined, replyToId: m.replyToId || undefined,
  attachmentIds: m.attachmentIds?.length ? m.attachmentIds : undefined, createdAt: m.createdAt,
});

export class Outbox {
  constructor(userId) {
    this.key = KEY + userId;
  }

  all() {
    try {
      const list = JSON.parse(localStorage.getItem(this.key) || '[]');
      return Array.isArray(list) ? list.filter((m) => m?.clientMsgId && m.conversationId) : [];
    } catch {
      return []; // unreadable (edited by hand, another version): start empty rather than fail the chat
    }
  }

  put(message) {
    this.save([...this.all().filter((m) => m.clientMsgId !== message.clientMsgId), saved(message)]);
  }

  remove(clientMsgId) {
    const list = this.all();
    const rest = list.filter((m) => m.clientMsgId !== clientMsgId);
    if (rest.length !== list.length) this.save(rest);
  }

  save(list) {
    try {
      if (list.length) localStorage.setItem(this.key, JSON.stringify(list));
      else localStorage.removeItem(this.key);
    } catch {
      // Storage full or disabled: the message is still sent from this tab, it only would not survive a reload.
    }
  }
}
