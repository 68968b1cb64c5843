package io.juntos.cluster;

import io.juntos.auth.SigninThrottle;
import io.juntos.auth.SigninThrottleContract;
import io.juntos.limits.RateLimit;
import io.juntos.store.Ids;
import io.juntos.testing.Services;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The sign-in throttle contract on Redis (a fresh namespace per throttle on the shared Redis). */
class RedisSigninThrottleTest extends SigninThrottleContract {
    private final List<RedisState> opened = new ArrayList<>();

    @BeforeAll
    static void redis() {
        Services.requireRedis();
    }

    @Override
    protected SigninThrottle throttle(RateLimit pair, RateLimit address, RateLimit account, Clock clock) {
        var state = RedisState.connect(Services.REDIS_URL, "test-" + Ids.newId(), clock, Duration.ofSeconds(30), ClusterIdentity.fingerprint(new byte[32]));
        opened.add(state);
        return state.signinThrottle(pair, address, account);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(RedisState::close);
    }
}
