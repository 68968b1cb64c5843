package io.juntos.cluster;

import io.juntos.gateway.PresenceRegistry.Socket;
import io.juntos.http.ApiException;
import io.juntos.limits.Limiter;
import io.juntos.limits.RateLimit;
import io.juntos.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ClusterState} must do, for two nodes of one backend (the same in-process state
 * twice, for one node; two Redis clients of one namespace). Time is a frozen {@link TestClock}
 * moved by hand: expiry and refills are driven, never waited for.
 */
abstract class SharedStateContract {
    static final Duration TTL = Duration.ofSeconds(30);

    final TestClock clock = TestClock.frozen();
    ClusterState a;
    ClusterState b;

    /** Two nodes sharing one backend, with presence entries living {@link #TTL}. */
    abstract ClusterState[] twoNodes(TestClock clock);

    @BeforeEach
    void open() {
        ClusterState[] nodes = twoNodes(clock);
        a = nodes[0];
        b = nodes[1];
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    static int retryAfterSeconds(Runnable r) {
        try {
            r.run();
            return -1;
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo("rate_limited");
            return (int) Math.ceil(e.retryAfter().toMillis() / 1000.0);
        }
    }

    @Test
    void aLimitCountsEveryNodesActionsAndRefillsWithTime() {
        var limit = new RateLimit("contract", 3, Duration.ofSeconds(3));
        Limiter onA = a.limiters().create(limit);
        Limiter onB = b.limiters().create(limit);
        onA.check("k");
        onB.check("k");
        onA.check("k");
        assertThat(retryAfterSeconds(() -> onB.check("k"))).as("the fourth, on the other node, waits a refill").isEqualTo(1);
        onB.check("other"); // another key has its own count
        clock.advance(Duration.ofSeconds(1));
        onB.check("k");
        assertThat(retryAfterSeconds(() -> onA.check("k"))).isEqualTo(1);
    }

    @Test
    void aSignInLockOutOnOneNodeHoldsOnTheOther() {
        var pair = new RateLimit("pair", 2, Duration.ofMinutes(15));
        var wide = new RateLimit("wide", 1000, Duration.ofMinutes(15));
        var onA = a.signinThrottle(pair, wide, wide);
        var onB = b.signinThrottle(pair, wide, wide);
        assertThat(onA.reserve("acct", "1.2.3.4")).isInstanceOf(io.juntos.auth.SigninThrottle.Result.Granted.class);
        assertThat(onB.reserve("acct", "1.2.3.4")).isInstanceOf(io.juntos.auth.SigninThrottle.Result.Granted.class);
        var wait = onA.reserve("acct", "1.2.3.4");
        assertThat(wait).isEqualTo(new io.juntos.auth.SigninThrottle.Result.Wait(Duration.ofMinutes(15)));
        assertThat(onB.reserve("acct", "5.6.7.8")).as("another address is not locked out").isInstanceOf(io.juntos.auth.SigninThrottle.Result.Granted.class);
    }

    @Test
    void theFirstSocketAnywhereAndTheLastOneAreEachReportedOnce() {
        String user = "u-" + System.nanoTime();
        assertThat(a.presence().opened(new Socket(user, "s1"))).isTrue();
        assertThat(b.presence().opened(new Socket(user, "s2"))).as("already online through node A").isFalse();
        assertThat(a.presence().online(List.of(user, "nobody"))).containsExactly(user);
        assertThat(a.presence().closed(new Socket(user, "s1"))).isFalse();
        assertThat(b.presence().closed(new Socket(user, "s2"))).isTrue();
        assertThat(b.presence().closed(new Socket(user, "s2"))).as("closing twice reports nothing").isFalse();
        assertThat(a.presence().online(List.of(user))).isEmpty();
    }

    @Test
    void aDeadNodesUsersExpireAndOneSweepReportsThemOffline() {
        String dead = "dead-" + System.nanoTime();
        String alive = "alive-" + System.nanoTime();
        a.presence().opened(new Socket(dead, "sa")); // node A then dies: it never renews
        b.presence().opened(new Socket(alive, "sb"));
        clock.advance(TTL.minusSeconds(10));
        b.presence().renew(List.of(new Socket(alive, "sb")));
        assertThat(b.presence().sweep()).doesNotContain(dead, alive);
        clock.advance(Duration.ofSeconds(11));
        assertThat(b.presence().online(List.of(dead, alive))).isEqualTo(Set.of(alive));
        assertThat(b.presence().sweep()).contains(dead).doesNotContain(alive);
        assertThat(a.presence().sweep()).as("reported by one sweep only").doesNotContain(dead);
    }

    @Test
    void aLeaseIsHeldByOneNodeUntilItExpiresThenTakenOver() {
        String room = "room-" + System.nanoTime();
        assertThat(a.leases().acquire(room, "node-a", Duration.ofSeconds(10))).isTrue();
        assertThat(b.leases().acquire(room, "node-b", Duration.ofSeconds(10))).isFalse();
        clock.advance(Duration.ofSeconds(6));
        assertThat(a.leases().acquire(room, "node-a", Duration.ofSeconds(10))).as("renewed").isTrue();
        clock.advance(Duration.ofSeconds(6));
        assertThat(b.leases().acquire(room, "node-b", Duration.ofSeconds(10))).as("still held after renewal").isFalse();
        assertThat(b.leases().holder(room)).contains("node-a");
        clock.advance(Duration.ofSeconds(5)); // node A died: no renewal
        assertThat(b.leases().holder(room)).isEmpty();
        assertThat(b.leases().acquire(room, "node-b", Duration.ofSeconds(10))).as("taken over").isTrue();
        assertThat(a.leases().acquire(room, "node-a", Duration.ofSeconds(10))).isFalse();
        a.leases().release(room, "node-a"); // not the holder: no effect
        assertThat(a.leases().holder(room)).contains("node-b");
        b.leases().release(room, "node-b");
        assertThat(a.leases().acquire(room, "node-a", Duration.ofSeconds(10))).isTrue();
    }
}
