package io.juntos.auth;

import io.juntos.limits.RateLimit;

import java.time.Clock;

/** The sign-in throttle contract on the in-memory throttle of one node. */
class SigninThrottleTest extends SigninThrottleContract {
    @Override
    protected SigninThrottle throttle(RateLimit pair, RateLimit address, RateLimit account, Clock clock) {
        return new MemorySigninThrottle(pair, address, account, clock);
    }
}
