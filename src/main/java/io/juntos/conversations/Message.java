package io.juntos.conversations;

import java.time.Instant;
import java.util.List;

/**
 * A message as clients see it (REST and frames alike). A deleted message keeps its place (id,
 * seq, sender, deletedAt) with no text and no reactions. {@code kind} lets later features (media)
 * add message kinds without changing this shape.
 */
public record Message(
        String id,
        String conversationId,
        long seq,
        String senderId,
        String clientMsgId,
        String kind,
        String text,
        String replyToId,
        Instant createdAt,
        Instant editedAt,
        Instant deletedAt,
        List<Reaction> reactions,
        // media: files attached when sending (image previews, video players, files), with short-lived signed URLs.
        List<io.juntos.media.MediaView> attachments) {

    public record Reaction(String emoji, int count, List<String> userIds) {
    }

    Message withReactions(List<Reaction> r) {
        return new Message(id, conversationId, seq, senderId, clientMsgId, kind, text, replyToId, createdAt, editedAt, deletedAt, r, attachments);
    }

    // media:
    Message withAttachments(List<io.juntos.media.MediaView> a) {
        return new Message(id, conversationId, seq, senderId, clientMsgId, kind, text, replyToId, createdAt, editedAt, deletedAt, reactions, a);
    }
}
