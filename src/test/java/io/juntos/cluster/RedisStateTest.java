package io.juntos.cluster;

import io.juntos.store.Ids;
import io.juntos.testing.Services;
import io.juntos.testing.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared-state contract on the real Redis at {@link Services#REDIS_URL}: two clients of one
 * fresh namespace per test, so parallel runs on the shared Redis never see each other's keys.
 */
class RedisStateTest extends SharedStateContract {
    static final String FINGERPRINT = ClusterIdentity.fingerprint(new byte[32]);
    String namespace;

    @BeforeAll
    static void redis() {
        Services.requireRedis();
    }

    @Override
    ClusterState[] twoNodes(TestClock clock) {
        namespace = "test-" + Ids.newId();
        return new ClusterState[]{RedisState.connect(Services.REDIS_URL, namespace, clock, TTL, FINGERPRINT),
                RedisState.connect(Services.REDIS_URL, namespace, clock, TTL, FINGERPRINT)};
    }

    @Test
    void aNodeWithAnotherTokenKeyIsRefusedWithAClearError() {
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> RedisState.connect(Services.REDIS_URL, namespace, clock, TTL, ClusterIdentity.fingerprint(other)))
                .isInstanceOf(io.juntos.config.ConfigException.class)
                .hasMessageContaining("JUNTOS_TOKEN_KEY").hasMessageContaining("every node must have the same");
        assertThat(a.reachable()).isTrue();
    }

    @Test
    void theFingerprintRevealsNothingOfTheKeyAndDiffersPerKey() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        String fp = ClusterIdentity.fingerprint(key);
        assertThat(fp).hasSize(16).isNotEqualTo(FINGERPRINT).doesNotContain(java.util.HexFormat.of().formatHex(key, 0, 4));
        assertThat(ClusterIdentity.fingerprint(key.clone())).isEqualTo(fp);
    }
}
