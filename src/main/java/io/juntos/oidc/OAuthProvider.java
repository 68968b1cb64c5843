package io.juntos.oidc;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import net.minidev.json.JSONObject;

import java.net.URI;

import static io.juntos.oidc.SigninProblem.Reason.PROVIDER_ERROR;

/**
 * A plain OAuth 2.0 provider with its own user endpoint (Facebook's Graph {@code /me}). There is no
 * ID token and so no nonce: the access token comes straight from the token endpoint over TLS and is
 * used once, to ask who the person is. The e-mail of such a provider is never treated as verified
 * (Facebook does not say), so it is never used to match or fill in an account.
 */
record OAuthProvider(OidcSettings.ProviderSettings settings) implements Provider {

    @Override
    public URI authorizationUrl(String state, String nonce, String verifier, URI redirect) {
        var b = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(settings.clientId()))
                .endpointURI(settings.authorizationUrl())
                .redirectionURI(redirect)
                .state(new State(state))
                .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256);
        if (!settings.scopes().isEmpty()) b.scope(new Scope(settings.scopes().toArray(String[]::new)));
        return b.build().toURI();
    }

    @Override
    public Identity identify(String code, String nonce, String verifier, URI redirect) {
        TokenResponse tokens = TokenExchange.exchange(settings, settings.tokenUrl(), code, verifier, redirect, AccessTokenResponse::parse);
        var accessToken = tokens.toSuccessResponse().getTokens().getAccessToken();
        HTTPRequest req = new HTTPRequest(HTTPRequest.Method.GET, settings.userinfoUrl());
        req.setAuthorization(accessToken.toAuthorizationHeader());
        req.setAccept("application/json");
        HTTPResponse res = TokenExchange.send(settings, req, "user endpoint");
        if (res.getStatusCode() != 200) throw new SigninProblem(PROVIDER_ERROR, settings.name() + ": user endpoint answered " + res.getStatusCode());
        try {
            JSONObject me = res.getContentAsJSONObject();
            // Facebook says "id"; an OAuth 2.0 server that speaks a little OIDC says "sub".
            Object id = me.get("id") != null ? me.get("id") : me.get("sub");
            if (id == null) throw new SigninProblem(PROVIDER_ERROR, settings.name() + ": the user endpoint sent no id");
            return new Identity(String.valueOf(id), me.getAsString("email"), false, me.getAsString("name"), null);
        } catch (ParseException e) {
            throw new SigninProblem(PROVIDER_ERROR, settings.name() + ": unreadable user endpoint answer");
        }
    }
}
