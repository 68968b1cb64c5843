package io.juntos.gateway;

/** The close codes the gateway uses, each documented for clients in docs/protocol.md. */
public enum CloseCode {
    NORMAL(1000, "normal"),
    GOING_AWAY(1001, "going away"),
    SERVER_ERROR(1011, "server error"),
    TOKEN_EXPIRED(4001, "token_expired"),
    TOKEN_INVALID(4002, "token_invalid"),
    SESSION_REVOKED(4003, "session_revoked"),
    HELLO_TIMEOUT(4004, "hello_timeout"),
    PROTOCOL_ABUSE(4008, "protocol_abuse"),
    SLOW_CONSUMER(4009, "slow_consumer"),
    HEARTBEAT_TIMEOUT(4010, "heartbeat_timeout"),
    DRAINING(4012, "draining"),
    RATE_LIMITED(4013, "rate_limited"),
    TOO_MANY_CONNECTIONS(4014, "too_many_connections");

    public final int code;
    public final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The close code that tells a client what to do about a failed authentication. */
    static CloseCode forAuthError(String apiCode) {
        return switch (apiCode) {
            case "token_expired" -> TOKEN_EXPIRED;
            case "session_revoked" -> SESSION_REVOKED;
            default -> TOKEN_INVALID;
        };
    }
}
