package io.juntos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one load step observed. Payload texts are {@code b:<sender index>:<intended send time in
 * nanoTime>}: every client lives in this process, so one clock times send and receipt. A delivery
 * counts towards throughput when it arrives inside the measurement window and gives a latency
 * sample when its message was scheduled inside the window (however late it arrives, until the
 * drain ends). The sender's own echo, if a server sends one, is not a delivery.
 */
final class Tally {
    final long windowStart;
    final long windowEnd;
    final LongAdder sentInWindow = new LongAdder();
    final LongAdder deliveredInWindow = new LongAdder();
    final LongAdder acks = new LongAdder();
    final LongAdder others = new LongAdder();
    final AtomicLong refused = new AtomicLong();
    final Latencies delivery = new Latencies();
    final Latencies ack = new Latencies();
    private final List<String> refusals = new ArrayList<>();

    Tally(long windowStart, long windowEnd) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    /** A tally that records nothing, for connecting and idling. */
    static Tally idle() {
        return new Tally(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    static String payload(int sender, long stamp) {
        return "b:" + sender + ":" + stamp;
    }

    void delivered(int receiver, String text) {
        long now = System.nanoTime();
        if (text == null || !text.startsWith("b:")) return;
        int colon = text.indexOf(':', 2);
        if (Integer.parseInt(text, 2, colon, 10) == receiver) return;
        long stamp = Long.parseLong(text, colon + 1, text.length(), 10);
        if (now >= windowStart && now < windowEnd) deliveredInWindow.increment();
        if (inWindow(stamp)) delivery.add(now - stamp);
    }

    void acked(String text) {
        long now = System.nanoTime();
        if (text == null || !text.startsWith("b:")) return;
        acks.increment();
        long stamp = Long.parseLong(text, text.indexOf(':', 2) + 1, text.length(), 10);
        if (inWindow(stamp)) ack.add(now - stamp);
    }

    void refused(String frame) {
        if (refused.incrementAndGet() <= 5) {
            synchronized (refusals) {
                refusals.add(frame.length() > 300 ? frame.substring(0, 300) + "..." : frame);
            }
        }
    }

    List<String> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals);
        }
    }

    boolean inWindow(long stamp) {
        return stamp >= windowStart && stamp < windowEnd;
    }
}
