package io.juntos.push;

import java.util.List;

/**
 * Something worth waking a device for. Other features hand these to {@link Notifier}; each names
 * its recipients, the scope a person can mute ({@code conv.<id>}, {@code room.<id>}, {@code list.<id>})
 * and where a click on the notification leads (a hash route of the web client).
 */
public sealed interface PushEvent {
    List<String> recipientIds();

    /** A new message; {@code text} is left out of the notification when the recipient asked to hide it. */
    record NewMessage(String conversationId, String conversationName, String senderName, String text, List<String> recipientIds)
            implements PushEvent {
    }

    record IncomingCall(String conversationId, String callerName, List<String> recipientIds) implements PushEvent {
    }

    record RoomInvite(String roomId, String roomName, String inviterName, List<String> recipientIds) implements PushEvent {
    }

    record ListAssigned(String listId, String listName, String itemText, String assignerName, List<String> recipientIds) implements PushEvent {
    }

    /** What the service worker shows. {@code tag} replaces an older notification of the same thing. */
    record Payload(String title, String body, String url, String tag, String scope) {
    }

    static Payload payload(PushEvent e, boolean hideText) {
        return switch (e) {
            case NewMessage m -> {
                String title = m.conversationName() == null || m.conversationName().isBlank() ? m.senderName() : m.conversationName();
                String text = hideText ? "New message" : clip(m.text().isBlank() ? "📎 Attachment" : m.text());
                String body = m.conversationName() == null || m.conversationName().isBlank() || hideText ? text : m.senderName() + ": " + text;
                yield new Payload(title, body, "/#/chat/" + m.conversationId(), "conv." + m.conversationId(), "conv." + m.conversationId());
            }
            case IncomingCall c -> new Payload(c.callerName(), "Incoming call", "/#/chat/" + c.conversationId(),
                    "call." + c.conversationId(), "conv." + c.conversationId());
            case RoomInvite r -> new Payload(r.roomName(), r.inviterName() + " invited you to watch together", "/#/rooms/" + r.roomId(),
                    "room." + r.roomId(), "room." + r.roomId());
            case ListAssigned l -> new Payload(l.listName(), hideText ? l.assignerName() + " assigned you an item"
                    : l.assignerName() + " assigned you: " + clip(l.itemText()), "/#/lists/" + l.listId(), "list." + l.listId(), "list." + l.listId());
        };
    }

    /** Push services take about 4 KB; a notification shows a couple of lines anyway. */
    private static String clip(String s) {
        return s.length() <= 240 ? s : s.substring(0, 239) + "…";
    }
}
