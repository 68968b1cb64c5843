package io.juntos.rooms;

import io.juntos.conversations.GroupChats;
import io.juntos.conversations.Message;
import io.juntos.http.ApiException;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The room's chat is a group conversation (receipts, typing, reactions, attachments work as in any
 * chat). A message sent here may carry the video position it was written at: the message goes
 * through conversations, the position is kept by rooms and announced on the room's stream
 * ({@code room.anchor}) so members can show "at 12:34" and seek there.
 */
final class RoomChat {
    private final Jdbi jdbi;
    private final RoomStore store;
    private final RoomReads reads;
    private final RoomEvents events;
    private final GroupChats chats;
    private final Clock clock;

    RoomChat(Jdbi jdbi, RoomStore store, RoomReads reads, RoomEvents events, GroupChats chats, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.reads = reads;
        this.events = events;
        this.chats = chats;
        this.clock = clock;
    }

    record SendRequest(String clientMsgId, String text, Double position, String itemId) {
    }

    Map<String, Object> send(String userId, String roomId, SendRequest r) {
        var room = jdbi.withHandle(h -> reads.room(h, roomId, userId));
        if (r.position() != null && (r.position().isNaN() || r.position().isInfinite() || r.position() < 0)) {
            throw ApiException.invalid("position", "out_of_range", "The position is a number of seconds, 0 or more.");
        }
        if (room.conversationId() == null) throw RoomsException.roomNotFound();
        Message m = chats.send(userId, room.conversationId(), r.clientMsgId(), r.text());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", m);
        if (r.position() != null) {
            var anchor = new RoomStore.Anchor(m.id(), r.itemId(), r.position());
            jdbi.useTransaction(h -> {
                if (store.hasAnchor(h, m.id())) return; // a retried send (same clientMsgId) keeps its first anchor
                store.addAnchor(h, roomId, anchor, clock.millis());
                events.append(h, roomId, "room.anchor", Map.of("messageId", anchor.messageId(), "itemId", anchor.itemId() == null ? "" : anchor.itemId(),
                        "position", anchor.position()));
            });
            out.put("anchor", anchor);
        }
        return out;
    }
}
