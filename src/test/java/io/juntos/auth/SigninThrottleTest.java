package io.juntos.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SigninThrottleTest {
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void locksAfterFiveFailuresAndUnlocksWhenTheWindowPasses() {
        var clock = new MutableClock();
        var t = new SigninThrottle(5, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 4; i++) t.recordFailure("acct:a", "ip:1");
        assertThat(t.retryAfter("acct:a", "ip:1")).isEmpty();
        t.recordFailure("acct:a", "ip:1");
        assertThat(t.retryAfter("acct:a")).contains(Duration.ofMinutes(15));
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(t.retryAfter("acct:a")).contains(Duration.ofMinutes(5));
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(t.retryAfter("acct:a", "ip:1")).isEmpty();
    }

    @Test
    void oneAddressFailingOnManyAccountsIsLockedToo() {
        var t = new SigninThrottle(5, Duration.ofMinutes(15), new MutableClock());
        for (int i = 0; i < 5; i++) t.recordFailure("acct:user" + i, "ip:9");
        assertThat(t.retryAfter("acct:fresh", "ip:9")).isPresent();
        assertThat(t.retryAfter("acct:fresh", "ip:10")).isEmpty();
    }
}
