package io.juntos.oidc;

/**
 * Why a provider sign-in or link did not complete. The {@link Reason} code travels to the web
 * client (in the redirect after the callback, or as a problem's {@code code}), which explains it
 * to the person; the message here is for the log and never holds a token, code or secret.
 */
public final class SigninProblem extends RuntimeException {
    /** The reasons a person can be told about; each has a test that provokes it. */
    public enum Reason {
        PROVIDER_UNREACHABLE("provider_unreachable"),
        PROVIDER_ERROR("provider_error"),
        CONSENT_REFUSED("consent_refused"),
        TOKEN_INVALID("token_invalid"),
        STATE_MISMATCH("state_mismatch"),
        FLOW_USED("flow_used"),
        FLOW_EXPIRED("flow_expired"),
        IDENTITY_TAKEN("identity_taken"),
        PROVIDER_ALREADY_LINKED("provider_already_linked"),
        ACCOUNT_EXISTS("account_exists");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public SigninProblem(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SigninProblem(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
