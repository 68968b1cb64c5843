package io.juntos.conversations;

import io.juntos.gateway.Gateway;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Online / last seen. A user is online while at least one socket is open (counted in the store so
 * that every node agrees); the first socket opening and the last one closing are announced, once
 * encoded, to the people who share a conversation with the user, and to nobody else.
 */
final class Presence {
    private final Jdbi jdbi;
    private final ConversationStore store;
    private final Gateway gateway;
    private final Clock clock;

    Presence(Jdbi jdbi, ConversationStore store, Gateway gateway, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
        jdbi.useHandle(store::resetPresence);
    }

    void connected(String userId) {
        long now = clock.millis();
        int open = jdbi.inTransaction(h -> store.presenceDelta(h, userId, 1, now));
        if (open == 1) announce(userId, true, now);
    }

    void disconnected(String userId) {
        long now = clock.millis();
        int open = jdbi.inTransaction(h -> store.presenceDelta(h, userId, -1, now));
        if (open == 0) announce(userId, false, now);
    }

    private void announce(String userId, boolean online, long now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", userId);
        data.put("online", online);
        data.put("lastSeenAt", Instant.ofEpochMilli(now));
        String frame = gateway.frames().event("presence", data);
        for (String contact : jdbi.withHandle(h -> store.contacts(h, userId))) {
            gateway.publishFrame(Gateway.userTopic(contact), frame);
        }
    }
}
