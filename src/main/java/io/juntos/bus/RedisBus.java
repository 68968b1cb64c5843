package io.juntos.bus;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Bus} over Redis pub/sub (Lettuce): one connection publishes, one pub/sub connection
 * carries every subscription of this node. A channel is subscribed in Redis once per node however
 * many local subscriptions share it. Lettuce calls us on its Netty event loop, which must never
 * block: each local subscription has its own {@link Lane} (as in {@link InProcessBus}), so a slow
 * handler delays only its own subscription and one publisher's order on a topic is kept (one
 * publishing connection, one subscribing connection, both FIFO).
 * <p>
 * A node's own publications reach its own subscribers at once, without the round trip through
 * Redis (each message carries its node's random origin tag, and a node skips its own when Redis
 * echoes them): a node that lost Redis keeps serving its own sockets, and local delivery costs no
 * Redis latency. One publisher's order is kept either way: a topic's local subscribers only see
 * that node's messages through the local path.
 * <p>
 * Redis pub/sub is at most once: while the subscription connection is down, notices are lost.
 * Lettuce reconnects and resubscribes by itself; we then subscribe every channel again (idempotent
 * in Redis) and, once Redis acknowledged, run the {@link #onReconnect} listeners so that they
 * re-read from the store what they may have missed.
 */
public final class RedisBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** Publishes buffered while Redis is unreachable; beyond this they fail fast (a lost notice costs latency only). */
    private static final int MAX_QUEUED_COMMANDS = 65_536;

    private static final class Sub {
        final Handler handler;
        final Lane lane = new Lane();
        volatile boolean active = true; // queued messages are dropped once unsubscribed

        Sub(Handler handler) {
            this.handler = handler;
        }
    }

    /** One Redis channel of this node: its local subscribers and the SUBSCRIBE acknowledgement. */
    private static final class Channel {
        final List<Sub> subs = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ready;
    }

    private final RedisClient client;
    private final ClientResources resources; // ours to shut down
    private final StatefulRedisConnection<String, byte[]> pub;
    private final StatefulRedisPubSubConnection<String, byte[]> sub;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final byte[] origin = new byte[ORIGIN_BYTES];
    private static final int ORIGIN_BYTES = 8;

    private RedisBus(RedisClient client, ClientResources resources, StatefulRedisConnection<String, byte[]> pub, StatefulRedisPubSubConnection<String, byte[]> sub) {
        this.client = client;
        this.resources = resources;
        this.pub = pub;
        this.sub = sub;
        new java.security.SecureRandom().nextBytes(origin);
    }

    /**
     * Connects both connections now, so that an unreachable Redis stops startup instead of failing
     * later. Throws Lettuce's {@code RedisConnectionException} when Redis cannot be reached.
     */
    public static RedisBus connect(String url) {
        // At most 2 s between attempts: after Redis returns, notices flow (and the store is re-read) soon.
        return connect(url, Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /** With a given delay before each reconnect attempt (tests hold a cut open with a constant one). */
    public static RedisBus connect(String url, Delay reconnectDelay) {
        ClientResources resources = DefaultClientResources.builder().reconnectDelay(reconnectDelay).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .requestQueueSize(MAX_QUEUED_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .build());
        try {
            var pub = client.connect(CODEC);
            var sub = client.connectPubSub(CODEC);
            var bus = new RedisBus(client, resources, pub, sub);
            bus.listen();
            return bus;
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    private void listen() {
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                if (message.length < ORIGIN_BYTES) return; // not one of ours
                if (java.util.Arrays.equals(message, 0, ORIGIN_BYTES, origin, 0, ORIGIN_BYTES)) return; // delivered locally already
                dispatch(channel, java.util.Arrays.copyOfRange(message, ORIGIN_BYTES, message.length));
            }
        });
        // Registered after the first connect: every call is a reconnect. Events of the publishing
        // connection are ignored; only a lost subscription loses notices.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == sub && !closed.get()) resubscribed();
            }
        });
    }

    /** On the event loop: only hands over. */
    private void dispatch(String topic, byte[] payload) {
        Channel ch = channels.get(topic);
        if (ch == null) return;
        for (Sub s : ch.subs) {
            // A broken subscriber does not stop delivery to the others: the lane logs and goes on.
            s.lane.run(() -> {
                if (s.active) s.handler.onMessage(topic, payload);
            }, true);
        }
    }

    @Override
    public void publish(String topic, byte[] payload) {
        if (closed.get()) return;
        dispatch(topic, payload);
        byte[] tagged = new byte[ORIGIN_BYTES + payload.length];
        System.arraycopy(origin, 0, tagged, 0, ORIGIN_BYTES);
        System.arraycopy(payload, 0, tagged, ORIGIN_BYTES, payload.length);
        try {
            pub.async().publish(topic, tagged).exceptionally(e -> {
                log.warn("bus publish failed topic={} ({})", topic, e.toString());
                return null;
            });
        } catch (RuntimeException e) { // queue full or connection closed: the store still has the data
            log.warn("bus publish refused topic={} ({})", topic, e.toString());
        }
    }

    @Override
    public Subscription subscribe(String topic, Handler handler) {
        Sub s = new Sub(handler);
        Channel ch = channels.compute(topic, (t, c) -> {
            if (c == null) {
                c = new Channel();
                c.ready = sub.async().subscribe(t).toCompletableFuture().thenApply(v -> (Void) null);
            }
            c.subs.add(s);
            return c;
        });
        CompletableFuture<Void> ready = ch.ready;
        return new Subscription() {
            @Override
            public void close() {
                s.active = false;
                unsubscribe(topic, s);
            }

            @Override
            public CompletableFuture<Void> ready() {
                return ready;
            }
        };
    }

    private void unsubscribe(String topic, Sub s) {
        channels.computeIfPresent(topic, (t, c) -> {
            if (!c.subs.remove(s) || !c.subs.isEmpty()) return c;
            // Ordered after any earlier SUBSCRIBE on the same connection, so a later subscribe's
            // SUBSCRIBE (issued after this one) wins.
            if (!closed.get()) sub.async().unsubscribe(t);
            return null;
        });
    }

    @Override
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    /**
     * Subscribes every channel again and, once Redis acknowledged all of them, tells the listeners
     * on a virtual thread: a store read after that point sees everything a lost notice announced.
     */
    private void resubscribed() {
        String[] topics = channels.keySet().toArray(String[]::new);
        CompletableFuture<?> acked = topics.length == 0 ? CompletableFuture.completedFuture(null)
                : sub.async().subscribe(topics).toCompletableFuture();
        acked.whenComplete((v, e) -> {
            if (e != null) {
                log.warn("bus resubscribe failed ({}); Lettuce retries on the next reconnect", e.toString());
                return;
            }
            log.info("bus subscription restored channels={}", topics.length);
            Thread.ofVirtual().name("bus-reconnect").start(() -> reconnectListeners.forEach(l -> {
                try {
                    l.run();
                } catch (RuntimeException ex) {
                    log.error("bus reconnect listener failed", ex);
                }
            }));
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        channels.values().forEach(c -> c.subs.forEach(s -> s.active = false));
        channels.clear();
        try {
            sub.close();
            pub.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
