package io.juntos.oidc;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The callback admission rules, driven by a fixed clock. */
class FlowRulesTest {
    private static final Clock T0 = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String BINDING = OidcService.random(32);

    private static Flows.Flow flow(Long usedAt) {
        long now = T0.millis();
        return new Flows.Flow("state", FlowRules.hash(BINDING), "google", Flows.Purpose.SIGNIN, null, "nonce", "verifier",
                now, now + Duration.ofMinutes(10).toMillis(), usedAt, null);
    }

    private static SigninProblem.Reason refusal(Optional<Flows.Flow> f, String binding, String provider, Clock at) {
        try {
            FlowRules.admit(f, binding, provider, at.millis());
            return null;
        } catch (SigninProblem e) {
            return e.reason();
        }
    }

    @Test
    void admitsItsOwnBrowserWithinTheLifetime() {
        Clock later = Clock.offset(T0, Duration.ofMinutes(9).plusSeconds(59));
        assertThat(FlowRules.admit(Optional.of(flow(null)), BINDING, "google", later.millis()).state()).isEqualTo("state");
    }

    @Test
    void refusesAtAndAfterExpiry() {
        assertThat(refusal(Optional.of(flow(null)), BINDING, "google", Clock.offset(T0, Duration.ofMinutes(10))))
                .isEqualTo(SigninProblem.Reason.FLOW_EXPIRED);
    }

    @Test
    void refusesAnotherBrowserAnUnknownStateAndAnotherProvider() {
        assertThat(refusal(Optional.of(flow(null)), OidcService.random(32), "google", T0)).isEqualTo(SigninProblem.Reason.STATE_MISMATCH);
        assertThat(refusal(Optional.of(flow(null)), null, "google", T0)).isEqualTo(SigninProblem.Reason.STATE_MISMATCH);
        assertThat(refusal(Optional.empty(), BINDING, "google", T0)).isEqualTo(SigninProblem.Reason.STATE_MISMATCH);
        assertThat(refusal(Optional.of(flow(null)), BINDING, "facebook", T0)).isEqualTo(SigninProblem.Reason.STATE_MISMATCH);
    }

    @Test
    void aUsedFlowIsRefusedEvenAfterItExpired() {
        assertThat(refusal(Optional.of(flow(T0.millis())), BINDING, "google", Clock.offset(T0, Duration.ofHours(1))))
                .isEqualTo(SigninProblem.Reason.FLOW_USED);
        assertThatThrownBy(() -> FlowRules.admit(Optional.of(flow(T0.millis())), BINDING, "google", T0.millis()))
                .isInstanceOf(SigninProblem.class);
    }
}
