package io.juntos.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock tests move by hand: it starts at the real time and only moves forward when told
 * ({@link #advance}), or follows real time plus an offset when {@link #ticking}, so timers that
 * the server schedules keep running while a test skips minutes or hours ahead.
 */
public final class TestClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();
    private final boolean ticking;
    private final long frozenAt;

    private TestClock(boolean ticking) {
        this.ticking = ticking;
        this.frozenAt = System.currentTimeMillis();
    }

    /** Follows real time plus whatever {@link #advance} added: the server's own timers keep working. */
    public static TestClock ticking() {
        return new TestClock(true);
    }

    /** Stands still at the moment of creation until advanced. */
    public static TestClock frozen() {
        return new TestClock(false);
    }

    public TestClock advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time only moves forward");
        offsetMillis.addAndGet(d.toMillis());
        return this;
    }

    @Override
    public long millis() {
        return (ticking ? System.currentTimeMillis() : frozenAt) + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!zone.equals(ZoneOffset.UTC)) throw new UnsupportedOperationException("a test clock is UTC");
        return this;
    }
}
