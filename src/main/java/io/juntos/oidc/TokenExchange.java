package io.juntos.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import java.io.IOException;
import java.net.URI;

import static io.juntos.oidc.SigninProblem.Reason.PROVIDER_ERROR;
import static io.juntos.oidc.SigninProblem.Reason.PROVIDER_UNREACHABLE;

/** The authorization-code-for-tokens request (RFC 6749 §4.1.3 with the PKCE verifier, RFC 7636 §4.5). */
final class TokenExchange {
    private TokenExchange() {
    }

    static TokenResponse exchange(OidcSettings.ProviderSettings s, URI tokenEndpoint, String code, String verifier, URI redirect,
                                  OidcProvider.ResponseParser parser) {
        ClientID id = new ClientID(s.clientId());
        Secret secret = new Secret(s.clientSecret());
        // OpenID Connect providers take client_secret_basic by default; Facebook documents the secret as a parameter.
        ClientAuthentication auth = s.kind() == OidcSettings.Kind.OIDC ? new ClientSecretBasic(id, secret) : new ClientSecretPost(id, secret);
        HTTPRequest http = new TokenRequest(tokenEndpoint, auth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, new CodeVerifier(verifier))).toHTTPRequest();
        HTTPResponse response = send(s, http, "token endpoint");
        TokenResponse parsed;
        try {
            parsed = parser.parse(response);
        } catch (ParseException e) {
            throw new SigninProblem(PROVIDER_ERROR, s.name() + ": unreadable token response (" + response.getStatusCode() + ")");
        }
        if (!parsed.indicatesSuccess()) {
            var error = parsed.toErrorResponse().getErrorObject();
            throw new SigninProblem(PROVIDER_ERROR, s.name() + ": token request refused: " + (error == null ? "?" : error.getCode()));
        }
        return parsed;
    }

    /** Sends a request to the provider with bounded waits; no answer or a 5xx means the provider is unreachable. */
    static HTTPResponse send(OidcSettings.ProviderSettings s, HTTPRequest request, String what) {
        request.setConnectTimeout(OidcProvider.CONNECT_TIMEOUT_MS);
        request.setReadTimeout(OidcProvider.READ_TIMEOUT_MS);
        HTTPResponse response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new SigninProblem(PROVIDER_UNREACHABLE, s.name() + ": " + what + " unreachable: " + e.getMessage(), e);
        }
        if (response.getStatusCode() >= 500) {
            throw new SigninProblem(PROVIDER_UNREACHABLE, s.name() + ": " + what + " answered " + response.getStatusCode());
        }
        return response;
    }
}
