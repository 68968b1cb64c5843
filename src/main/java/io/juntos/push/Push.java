package io.juntos.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.auth.User;
import io.juntos.auth.Users;
import io.juntos.conversations.ConversationReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The fan-out: for each recipient of an event, skip those who are looking (a visible socket) or
 * muted the scope, then queue one delivery per device with the payload the person's settings call
 * for. Runs on the sender's pool, never on the caller's thread.
 */
final class Push implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(Push.class);

    private final PushStore store;
    private final PushSender sender;
    private final Visibility visibility;
    private final ObjectMapper json;

    Push(PushStore store, PushSender sender, Visibility visibility, ObjectMapper json) {
        this.store = store;
        this.sender = sender;
        this.visibility = visibility;
        this.json = json;
    }

    @Override
    public void notify(PushEvent event) {
        sender.submit(() -> fanOut(event));
    }

    /** The conversations hook: names and members are read on the push pool, not in the send path. */
    void messageSent(ConversationReader conversations, Users users, ConversationReader.NewMessage m) {
        sender.submit(() -> {
            // Those looking are skipped first (memory only), so that a message whose recipients are all
            // online costs no query at all: the member list is cached, names are read only if needed.
            List<String> recipients = conversations.memberIds(m.conversationId()).stream()
                    .filter(id -> !id.equals(m.senderId()) && !visibility.looking(id)).toList();
            if (recipients.isEmpty()) return;
            String senderName = users.byIds(List.of(m.senderId())).stream().map(Push::name).findFirst().orElse("Someone");
            String group = conversations.groupName(m.conversationId()).orElse(null);
            fanOut(new PushEvent.NewMessage(m.conversationId(), group, senderName, m.text(), recipients));
        });
    }

    static String name(User u) {
        return u.fullName() == null || u.fullName().isBlank() ? u.username() : u.fullName();
    }

    /**
     * Decides every recipient (visibility, mute, hidden text) before queueing any delivery, so the
     * event is judged against one moment's settings and any delivery proves all decisions are made.
     */
    void fanOut(PushEvent event) {
        List<Runnable> deliveries = new java.util.ArrayList<>();
        for (String userId : event.recipientIds()) {
            if (visibility.looking(userId)) continue;
            PushEvent.Payload payload = PushEvent.payload(event, store.hideText(userId));
            if (store.muted(userId, payload.scope())) continue;
            List<PushStore.Subscription> devices = store.forUser(userId);
            if (devices.isEmpty()) continue;
            byte[] bytes = encode(payload);
            for (PushStore.Subscription s : devices) deliveries.add(() -> sender.deliver(s, bytes, 1));
        }
        deliveries.forEach(sender::submit);
    }

    private byte[] encode(PushEvent.Payload p) {
        try {
            return json.writeValueAsBytes(Map.of("title", p.title(), "body", p.body(), "url", p.url(), "tag", p.tag()));
        } catch (IOException e) {
            log.warn("push payload not encodable");
            throw new IllegalStateException(e);
        }
    }
}
