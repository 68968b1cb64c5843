// What the user does in a conversation (send, edit, delete, react, typing, receipts), as gateway
// requests. Optimistic where it helps: a message shows at once as "sending" and is replaced by the
// stored one when its ack arrives; results are applied to the store like any event.

export class ChatActions {
  constructor(store, realtime) {
    this.store = store;
    this.rt = realtime;
  }

  send(convId, text, { replyToId, attachments } = {}) {
    const clientMsgId = crypto.randomUUID();
    const local = {
      clientMsgId, conversationId: convId, senderId: this.store.me.id, kind: 'text', text, replyToId,
      createdAt: new Date().toISOString(), attachments: attachments?.map((a) => a.preview || a) || undefined, local: true,
    };
    const t = this.store.thread(convId);
    t.pending.set(clientMsgId, local);
    this.store.changed(convId);
    this.sendPending(local, attachments);
    this.store.outbox.put(local); // after sendPending: it keeps the attachment ids
    return local;
  }

  sendPending(local, attachments = local.attachmentIds) {
    const data = { conversationId: local.conversationId, clientMsgId: local.clientMsgId };
    if (local.text) data.text = local.text;
    if (local.replyToId) data.replyToId = local.replyToId;
    if (attachments?.length) {
      local.attachmentIds = attachments.map((a) => a.id || a);
      data.attachments = local.attachmentIds;
    }
    local.failed = false;
    this.rt.request('message.send', data).then(({ message }) => {
      this.store.thread(local.conversationId).pending.delete(local.clientMsgId);
      this.store.outbox.remove(local.clientMsgId);
      this.store.onMessage(message, true);
    }, (e) => {
      local.failed = true;
      local.error = e.message;
      this.store.changed(local.conversationId);
    });
  }

  /** Sends again what a previous page left in the outbox (queued by the connection until it is open). */
  resendSaved() {
    for (const saved of this.store.outbox.all()) {
      const local = { ...saved, senderId: this.store.me.id, kind: 'text', local: true };
      this.store.thread(local.conversationId).pending.set(local.clientMsgId, local);
      this.sendPending(local);
      this.store.changed(local.conversationId);
    }
  }

  retry(convId, clientMsgId) {
    const local = this.store.thread(convId).pending.get(clientMsgId);
    if (local) { this.sendPending(local); this.store.changed(convId); }
  }

  discard(convId, clientMsgId) {
    this.store.thread(convId).pending.delete(clientMsgId);
    this.store.outbox.remove(clientMsgId);
    this.store.changed(convId);
  }

  edit(convId, messageId, text) {
    return this.rt.request('message.edit', { conversationId: convId, messageId, text }).then(({ message }) => this.store.onMessage(message, false));
  }

  remove(convId, messageId) {
    return this.rt.request('message.delete', { conversationId: convId, messageId }).then(({ message }) => this.store.onMessage(message, false));
  }

  toggleReaction(msg, emoji) {
    const mine = msg.reactions?.find((r) => r.emoji === emoji)?.userIds?.includes(this.store.me.id);
    return this.rt.request(mine ? 'reaction.remove' : 'reaction.add', { conversationId: msg.conversationId, messageId: msg.id, emoji })
      .then(({ message }) => this.store.onMessage(message, false));
  }

  typingNow(convId, state = 'start') {
    this.rt.request('typing', { conversationId: convId, state }, { transient: true }).catch(() => {});
  }

  /** Marks everything loaded in the conversation as read (when it is on screen). */
  markRead(convId) {
    const conv = this.store.conversations.get(convId);
    if (!conv) return;
    const seq = Math.max(conv.lastSeq || 0, ...[...this.store.thread(convId).bySeq.keys()]);
    if (!seq || (conv.readSeq || 0) >= seq) {
      if (conv.unread) { conv.unread = 0; this.store.emit('conversations'); }
      return;
    }
    conv.readSeq = seq;
    conv.unread = 0;
    this.store.emit('conversations');
    this.receipt(convId, 'read', seq);
  }

  receipt(convId, kind, seq) {
    this.rt.request('receipt', { conversationId: convId, kind, seq }).then((ack) => {
      const conv = this.store.conversations.get(convId);
      if (conv && ack) {
        conv.readSeq = Math.max(conv.readSeq || 0, ack.readSeq || 0);
        if (typeof ack.unread === 'number') conv.unread = ack.unread;
        this.store.emit('conversations');
      }
    }).catch(() => {});
  }
}
