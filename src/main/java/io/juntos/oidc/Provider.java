package io.juntos.oidc;

import java.net.URI;

/**
 * One configured identity provider: where to send the browser, and who the person is once the
 * provider sends them back with a code. Both kinds use PKCE and {@code state}; OpenID Connect adds
 * the {@code nonce} and a verified ID token, OAuth 2.0 asks the provider's user endpoint instead.
 */
sealed interface Provider permits OidcProvider, OAuthProvider {
    OidcSettings.ProviderSettings settings();

    /** The authorization request URL; may fetch the discovery document (then PROVIDER_UNREACHABLE when it cannot). */
    URI authorizationUrl(String state, String nonce, String verifier, URI redirect);

    /** Exchanges the code (with the PKCE verifier) and returns the verified identity. */
    Identity identify(String code, String nonce, String verifier, URI redirect);

    /**
     * Who the provider says the person is. {@code email} is whatever the provider sent;
     * {@code emailVerified} is true only when the provider itself said so.
     */
    record Identity(String subject, String email, boolean emailVerified, String name, String preferredUsername) {
        /** The e-mail only if it may be trusted. */
        String verifiedEmail() {
            return emailVerified ? email : null;
        }
    }

    static Provider of(OidcSettings.ProviderSettings s) {
        return switch (s.kind()) {
            case OIDC -> new OidcProvider(s);
            case OAUTH2 -> new OAuthProvider(s);
        };
    }
}
