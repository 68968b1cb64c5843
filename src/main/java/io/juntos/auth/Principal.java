package io.juntos.auth;

/** Who is calling: the user and the session (sign-in) the access token was issued for. */
public record Principal(String userId, String sessionId) {
}
