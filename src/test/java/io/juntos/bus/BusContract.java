package io.juntos.bus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Bus} must do, run against each implementation: a subclass says how to make
 * two nodes sharing one backend (two {@code InProcessBus} nodes of one hub; two Redis clients of
 * one server). "Nothing more arrived" is proven with a sentinel published after, never a pause.
 */
abstract class BusContract {
    static final Duration WAIT = Duration.ofSeconds(10);

    Bus a;
    Bus b;

    /** Two nodes of one backend. */
    abstract Bus[] twoNodes();

    @BeforeEach
    void open() {
        Bus[] nodes = twoNodes();
        a = nodes[0];
        b = nodes[1];
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    static String topic() {
        return "t." + UUID.randomUUID();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Collects what a subscription receives. */
    static final class Inbox implements Bus.Handler {
        final LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(String topic, byte[] payload) {
            got.add(new String(payload, StandardCharsets.UTF_8));
        }

        String next() throws InterruptedException {
            String s = got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(s).as("a message within " + WAIT).isNotNull();
            return s;
        }

        /** Everything up to (and without) the sentinel. */
        List<String> until(String sentinel) throws InterruptedException {
            List<String> out = new java.util.ArrayList<>();
            for (String s = next(); !s.equals(sentinel); s = next()) out.add(s);
            return out;
        }
    }

    static Bus.Subscription ready(Bus bus, String topic, Bus.Handler h) {
        var sub = bus.subscribe(topic, h);
        sub.ready().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return sub;
    }

    @Test
    void deliversToSubscribersOnItsOwnNodeAndOnOthers() throws Exception {
        String t = topic();
        Inbox onA = new Inbox(), onB = new Inbox();
        ready(a, t, onA);
        ready(b, t, onB);
        a.publish(t, bytes("hello"));
        assertThat(onA.next()).isEqualTo("hello");
        assertThat(onB.next()).isEqualTo("hello");
    }

    @Test
    void keepsOnePublishersOrderOnATopic() throws Exception {
        String t = topic();
        Inbox inbox = new Inbox();
        ready(b, t, inbox);
        for (int i = 0; i < 500; i++) a.publish(t, bytes(Integer.toString(i)));
        a.publish(t, bytes("end"));
        assertThat(inbox.until("end")).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(Integer::toString).toList());
    }

    @Test
    void aSlowHandlerBlocksNeitherThePublisherNorAnotherTopic() throws Exception {
        String slowTopic = topic(), fastTopic = topic();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowSeen = new AtomicInteger();
        ready(b, slowTopic, (topic, payload) -> {
            slowSeen.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Inbox fast = new Inbox();
        ready(b, fastTopic, fast);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) a.publish(slowTopic, bytes("slow " + i));
        a.publish(fastTopic, bytes("fast"));
        // The publisher came back at once, and the other topic was served while the slow handler still waits.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        assertThat(fast.next()).isEqualTo("fast");
        assertThat(release.getCount()).isEqualTo(1);
        release.countDown();
    }

    @Test
    void aSubscriptionGetsEverythingPublishedOnceItIsReady() throws Exception {
        String t = topic();
        Inbox inbox = new Inbox();
        var sub = b.subscribe(t, inbox);
        sub.ready().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        a.publish(t, bytes("first"));
        assertThat(inbox.next()).isEqualTo("first");
    }

    @Test
    void afterUnsubscribingNothingMoreIsDelivered() throws Exception {
        String t = topic();
        Inbox gone = new Inbox(), witness = new Inbox();
        var sub = ready(b, t, gone);
        ready(b, t, witness);
        a.publish(t, bytes("before"));
        assertThat(gone.next()).isEqualTo("before");
        sub.close();
        sub.close(); // idempotent
        a.publish(t, bytes("after"));
        a.publish(t, bytes("sentinel"));
        assertThat(witness.until("sentinel")).containsExactly("before", "after");
        assertThat(gone.got).isEmpty();
    }

    @Test
    void oneFailingHandlerDoesNotStopDeliveryToOthers() throws Exception {
        String t = topic();
        List<String> seen = new CopyOnWriteArrayList<>();
        ready(b, t, (topic, payload) -> {
            throw new IllegalStateException("broken subscriber");
        });
        Inbox inbox = new Inbox();
        ready(b, t, (topic, payload) -> {
            seen.add(topic);
            inbox.onMessage(topic, payload);
        });
        a.publish(t, bytes("one"));
        a.publish(t, bytes("two"));
        assertThat(inbox.next()).isEqualTo("one");
        assertThat(inbox.next()).isEqualTo("two");
    }
}
