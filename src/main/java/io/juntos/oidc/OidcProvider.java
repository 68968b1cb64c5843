package io.juntos.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.juntos.oidc.SigninProblem.Reason.PROVIDER_ERROR;
import static io.juntos.oidc.SigninProblem.Reason.PROVIDER_UNREACHABLE;
import static io.juntos.oidc.SigninProblem.Reason.TOKEN_INVALID;

/**
 * An OpenID Connect provider found by its discovery document. The document is fetched on first
 * use, not at start-up (a provider that is down must not stop Juntos), and kept once it loaded;
 * a failed fetch is retried on the next sign-in. The ID token's signature, issuer, audience,
 * expiry and nonce are checked by the Nimbus {@link IDTokenValidator}, never by hand.
 */
final class OidcProvider implements Provider {
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 10_000;

    private final OidcSettings.ProviderSettings settings;
    private volatile Discovered discovered;

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    OidcProvider(OidcSettings.ProviderSettings settings) {
        this.settings = settings;
    }

    @Override
    public OidcSettings.ProviderSettings settings() {
        return settings;
    }

    @Override
    public URI authorizationUrl(String state, String nonce, String verifier, URI redirect) {
        OIDCProviderMetadata m = discover().metadata();
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(settings.scopes().toArray(String[]::new)),
                new ClientID(settings.clientId()), redirect)
                .endpointURI(m.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256)
                .build().toURI();
    }

    @Override
    public Identity identify(String code, String nonce, String verifier, URI redirect) {
        Discovered d = discover();
        TokenResponse response = TokenExchange.exchange(settings, d.metadata().getTokenEndpointURI(), code, verifier, redirect,
                OIDCTokenResponseParser::parse);
        if (!(response.toSuccessResponse() instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new SigninProblem(PROVIDER_ERROR, settings.name() + ": the token response has no ID token");
        }
        IDTokenClaimsSet claims;
        try {
            claims = d.validator().validate(oidc.getOIDCTokens().getIDToken(), new Nonce(nonce));
        } catch (BadJOSEException e) {
            throw new SigninProblem(TOKEN_INVALID, settings.name() + ": ID token refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new SigninProblem(PROVIDER_UNREACHABLE, settings.name() + ": cannot check the ID token signature: " + e.getMessage());
        }
        return new Identity(claims.getSubject().getValue(), claims.getStringClaim("email"),
                Boolean.TRUE.equals(claims.getBooleanClaim("email_verified")), claims.getStringClaim("name"),
                claims.getStringClaim("preferred_username"));
    }

    private Discovered discover() {
        Discovered d = discovered;
        if (d != null) return d;
        synchronized (this) {
            if (discovered != null) return discovered;
            try {
                OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
                discovered = new Discovered(m, validator(m));
                return discovered;
            } catch (IOException | GeneralException e) {
                throw new SigninProblem(PROVIDER_UNREACHABLE, settings.name() + ": discovery failed: " + e.getMessage(), e);
            }
        }
    }

    private IDTokenValidator validator(OIDCProviderMetadata m) throws IOException {
        // Only asymmetric signatures: an HMAC-signed ID token would be keyed with our own client secret.
        Set<JWSAlgorithm> algs = new HashSet<>();
        List<JWSAlgorithm> offered = m.getIDTokenJWSAlgs() == null ? List.of(JWSAlgorithm.RS256) : m.getIDTokenJWSAlgs();
        for (JWSAlgorithm a : offered) {
            if (JWSAlgorithm.Family.RSA.contains(a) || JWSAlgorithm.Family.EC.contains(a) || JWSAlgorithm.Family.ED.contains(a)) algs.add(a);
        }
        if (algs.isEmpty() || m.getJWKSetURI() == null) throw new IOException("no usable ID token signature algorithm or JWK set");
        var keys = JWKSourceBuilder.<SecurityContext>create(m.getJWKSetURI().toURL(),
                new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, 512 * 1024)).build();
        var validator = new IDTokenValidator(m.getIssuer(), new ClientID(settings.clientId()), new JWSVerificationKeySelector<>(algs, keys), null);
        validator.setMaxClockSkew(60);
        return validator;
    }

    /** Parses a token endpoint answer (OIDC or plain OAuth 2.0). */
    @FunctionalInterface
    interface ResponseParser {
        TokenResponse parse(com.nimbusds.oauth2.sdk.http.HTTPResponse response) throws ParseException;
    }
}
