package io.juntos.auth;

import io.juntos.limits.RateLimit;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of sign-in throttling, run against every {@link SigninThrottle}: in memory here, in
 * Redis by {@code cluster.RedisSigninThrottleTest}, which extends this contract.
 */
public abstract class SigninThrottleContract {
    public static final class MutableClock extends Clock {
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

    /** The throttle under test with these limits (pair 5, address 30, account 100 per 15 min). */
    protected abstract SigninThrottle throttle(RateLimit pair, RateLimit address, RateLimit account, Clock clock);

    SigninThrottle throttle(Clock clock) {
        return throttle(new RateLimit("pair", 5, Duration.ofMinutes(15)), new RateLimit("address", 30, Duration.ofMinutes(15)),
                new RateLimit("account", 100, Duration.ofMinutes(15)), clock);
    }

    static boolean granted(SigninThrottle t, String account, String address) {
        return t.reserve(account, address) instanceof SigninThrottle.Result.Granted;
    }

    @Test
    public void fiveFailedAttemptsLockThePairAndEachLockOutDoublesTheWait() {
        var clock = new MutableClock();
        var t = throttle(clock);
        for (int i = 0; i < 5; i++) assertThat(granted(t, "u1", "1.1.1.1")).isTrue();
        var wait = (SigninThrottle.Result.Wait) t.reserve("u1", "1.1.1.1");
        assertThat(wait.retryAfter()).isEqualTo(Duration.ofMinutes(15));
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        for (int i = 0; i < 5; i++) assertThat(granted(t, "u1", "1.1.1.1")).isTrue();
        assertThat(((SigninThrottle.Result.Wait) t.reserve("u1", "1.1.1.1")).retryAfter()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    public void anotherAddressIsNotLockedOutOfTheAccountByAStranger() {
        var t = throttle(new MutableClock());
        for (int i = 0; i < 5; i++) granted(t, "u1", "6.6.6.6");
        assertThat(granted(t, "u1", "6.6.6.6")).isFalse();
        assertThat(granted(t, "u1", "2.2.2.2")).isTrue();
    }

    @Test
    public void oneAddressSprayingManyAccountsIsLocked() {
        var t = throttle(new MutableClock());
        for (int i = 0; i < 30; i++) assertThat(granted(t, "user" + i, "9.9.9.9")).isTrue();
        assertThat(granted(t, "fresh", "9.9.9.9")).isFalse();
        assertThat(granted(t, "fresh", "10.10.10.10")).isTrue();
    }

    @Test
    public void aDistributedGuessReachesTheAccountCeiling() {
        var t = throttle(new MutableClock());
        for (int i = 0; i < 100; i++) assertThat(granted(t, "u1", "10.0.0." + i)).isTrue();
        assertThat(granted(t, "u1", "10.0.1.1")).isFalse();
    }

    @Test
    public void aSuccessNoLongerCountsAndClearsThePair() {
        var t = throttle(new MutableClock());
        for (int i = 0; i < 4; i++) granted(t, "u1", "1.1.1.1");
        var ok = ((SigninThrottle.Result.Granted) t.reserve("u1", "1.1.1.1")).reservation();
        t.succeeded(ok);
        for (int i = 0; i < 4; i++) assertThat(granted(t, "u1", "1.1.1.1")).isTrue();
    }
}
