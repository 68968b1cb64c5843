package io.juntos.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import static io.juntos.oidc.SigninProblem.Reason.FLOW_EXPIRED;
import static io.juntos.oidc.SigninProblem.Reason.FLOW_USED;
import static io.juntos.oidc.SigninProblem.Reason.STATE_MISMATCH;

/**
 * Whether a callback may continue its flow (pure, driven by the caller's clock): the state must
 * name a flow started by this browser (its binding cookie) for this provider, not used, not expired.
 * A state from another browser is refused like an unknown one (RFC 9700 §4.7.1, CSRF).
 */
final class FlowRules {
    private FlowRules() {
    }

    static Flows.Flow admit(Optional<Flows.Flow> found, String binding, String provider, long now) {
        if (found.isEmpty()) throw new SigninProblem(STATE_MISMATCH, "unknown state");
        Flows.Flow f = found.get();
        if (binding == null || !MessageDigest.isEqual(hash(binding).getBytes(StandardCharsets.US_ASCII),
                f.bindingHash().getBytes(StandardCharsets.US_ASCII))) {
            throw new SigninProblem(STATE_MISMATCH, "state from another browser");
        }
        if (!f.provider().equals(provider)) throw new SigninProblem(STATE_MISMATCH, "state of another provider");
        if (f.usedAt() != null) throw new SigninProblem(FLOW_USED, "flow already used");
        if (now >= f.expiresAt()) throw new SigninProblem(FLOW_EXPIRED, "flow expired");
        return f;
    }

    static String hash(String binding) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(binding.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
