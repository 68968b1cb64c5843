package io.juntos.gateway;

import io.juntos.bus.Bus;

import java.time.Clock;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What features use of the gateway: register request handlers by frame type, react to connections
 * opening and closing, and publish events. Publishing goes through the {@link Bus} (this node and
 * every other), with the frame encoded once here, never once per recipient.
 * Topics are plain strings; by convention {@code user.<id>} (all of a user's sockets) and
 * {@code conv.<id>} (a conversation's members).
 */
public final class Gateway {
    /** Types the gateway itself speaks (docs/protocol.md §3); no feature may claim them. */
    static final List<String> OWN_TYPES = List.of("hello", "resume", "time", "pong", "ping", "ready", "ack", "error");

    private final Bus bus;
    private final Frames frames;
    private final GatewayConfig config;
    final Topics topics;
    private final Map<String, String> familyOwners = new ConcurrentHashMap<>();
    final Map<String, Route<?>> routes = new ConcurrentHashMap<>();
    final List<Hook> onAuthenticated = new CopyOnWriteArrayList<>();
    final List<Hook> onClosed = new CopyOnWriteArrayList<>();

    /** Handles one request; returns the ack's data or throws an {@code ApiException} (→ error frame). */
    @FunctionalInterface
    public interface Handler<T> {
        Object handle(Caller caller, T data);
    }

    @FunctionalInterface
    public interface Hook {
        void accept(Caller caller);
    }

    record Route<T>(Class<T> type, Handler<T> handler) {
    }

    /** {@code time}'s request: no fields. */
    record Empty() {
    }

    public Gateway(Bus bus, Frames frames, GatewayConfig config, Clock clock) {
        this.bus = bus;
        this.frames = frames;
        this.config = config;
        this.topics = new Topics(bus);
        routes.put("resume", new Route<>(Resume.Request.class, new Resume(topics, config)::handle));
        // The server's time: clients estimate their clock offset from it, and, answered in order,
        // its ack proves every frame queued before it was sent (a barrier).
        routes.put("time", new Route<>(Empty.class, (c, e) -> Map.of("now", clock.millis())));
    }

    public GatewayConfig config() {
        return config;
    }

    /**
     * Claims frame families for a feature ({@code "room."} for {@code room.*}, or an exact type).
     * A family that overlaps another feature's, or the gateway's own types, fails at start.
     */
    public synchronized FrameFamily family(String owner, String... families) {
        for (String f : families) {
            if (f.isEmpty() || f.equals(".")) throw new IllegalStateException(owner + " claims an empty frame family");
            if (OWN_TYPES.stream().anyMatch(t -> FrameFamily.covers(f, t))) throw new IllegalStateException(owner + " claims the gateway's own frame '" + f + "'");
            familyOwners.forEach((other, by) -> {
                if (FrameFamily.covers(f, other) || FrameFamily.covers(other, f) || f.equals(other)) {
                    throw new IllegalStateException(owner + " claims frame family '" + f + "' already owned by " + by + " ('" + other + "')");
                }
            });
        }
        for (String f : families) familyOwners.put(f, owner);
        return new FrameFamily(this, owner, List.of(families));
    }

    public static String userTopic(String userId) {
        return "user." + userId;
    }

    public Frames frames() {
        return frames;
    }

    /** Registration goes through {@link FrameFamily}, which checks the type belongs to the feature. */
    <T> void on(String type, Class<T> dataType, Handler<T> handler) {
        if (routes.putIfAbsent(type, new Route<>(dataType, handler)) != null) throw new IllegalStateException("frame type registered twice: " + type);
    }

    /** Runs (on the connection's thread) once a connection is authenticated, before {@code ready} is sent. */
    public void onAuthenticated(Hook hook) {
        onAuthenticated.add(hook);
    }

    /** Runs once when an authenticated connection has closed, for whatever reason. */
    public void onClosed(Hook hook) {
        onClosed.add(hook);
    }

    /** Declares the sequenced stream {@code <prefix><id>}: resume replays it and gaps are filled from {@code backfill}. */
    public void backfill(String topicPrefix, Backfill backfill) {
        topics.backfill(topicPrefix, backfill);
    }

    public void publish(String topic, String type, Object data) {
        publishFrame(topic, frames.event(type, data));
    }

    /** Sends an already encoded event frame (so one encoding can serve several topics). */
    public void publishFrame(String topic, String frame) {
        bus.publish(topic, Notice.encode(new Notice.Event(frame)));
    }

    public void publishSequenced(String topic, long seq, String type, Object data) {
        bus.publish(topic, Notice.encode(new Notice.Sequenced(seq, frames.event(type, data))));
    }

    /** Every socket of {@code userTopic} starts following {@code topic} at once, then receives the event. */
    public void publishJoin(String userTopic, String topic, String type, Object data) {
        bus.publish(userTopic, Notice.encode(new Notice.Join(topic, frames.event(type, data))));
    }

    /** Every socket of {@code userTopic} stops following {@code topic} at once, then receives the event. */
    public void publishLeave(String userTopic, String topic, String type, Object data) {
        bus.publish(userTopic, Notice.encode(new Notice.Leave(topic, frames.event(type, data))));
    }
}
