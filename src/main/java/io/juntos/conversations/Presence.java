package io.juntos.conversations;

import io.juntos.gateway.Caller;
import io.juntos.gateway.Gateway;
import io.juntos.gateway.PresenceRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Online / last seen. A user is online while at least one socket is open on any node: the
 * {@link PresenceRegistry} (Redis in a cluster) holds every node's sockets with an expiry this
 * node renews; a node that dies stops renewing and, after the TTL, a sweep on a live node takes its
 * users offline. The first socket opening and the last one closing (or expiring) are announced,
 * once for the cluster, to the people who share a conversation with the user, and to nobody else.
 * Last seen stays in the store.
 */
final class Presence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final Jdbi jdbi;
    private final ConversationStore store;
    private final Gateway gateway;
    private final Clock clock;
    private final PresenceRegistry registry;
    private final Map<String, PresenceRegistry.Socket> local = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewal;

    Presence(Jdbi jdbi, ConversationStore store, Gateway gateway, Clock clock, PresenceRegistry registry, Duration every) {
        this.jdbi = jdbi;
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
        this.registry = registry;
        this.renewal = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("presence-renewal").daemon().factory());
        renewal.scheduleWithFixedDelay(this::renewAndSweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void connected(Caller c) {
        var s = new PresenceRegistry.Socket(c.userId(), c.connectionId());
        local.put(c.connectionId(), s);
        long now = clock.millis();
        jdbi.useTransaction(h -> store.presenceDelta(h, c.userId(), 0, now));
        if (registry.opened(s)) announce(c.userId(), true, now);
    }

    void disconnected(Caller c) {
        var s = local.remove(c.connectionId());
        if (s == null) return;
        long now = clock.millis();
        jdbi.useTransaction(h -> store.presenceDelta(h, s.userId(), 0, now));
        if (registry.closed(s)) announce(s.userId(), false, now);
    }

    /** Renews this node's sockets, then takes offline the users of nodes that stopped renewing. */
    void renewAndSweep() {
        try {
            registry.renew(local.values());
            for (String user : registry.sweep()) announce(user, false, jdbi.withHandle(h -> store.presence(h, java.util.List.of(user)))
                    .stream().mapToLong(ConversationStore.PresenceRow::lastSeenAt).findFirst().orElse(clock.millis()));
        } catch (RuntimeException e) {
            log.error("presence renewal failed", e);
        }
    }

    private void announce(String userId, boolean online, long at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", userId);
        data.put("online", online);
        data.put("lastSeenAt", Instant.ofEpochMilli(at));
        String frame = gateway.frames().event("presence", data);
        for (String contact : jdbi.withHandle(h -> store.contacts(h, userId))) {
            gateway.publishFrame(Gateway.userTopic(contact), frame);
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
        // Gone with this node: its users' sockets leave the registry now rather than at expiry.
        for (var s : local.values()) registry.closed(s);
        local.clear();
    }
}
