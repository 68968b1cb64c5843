package io.juntos.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.juntos.http.ApiException;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Short-lived access tokens: HS256 JWTs carrying only the user id ({@code sub}) and session id
 * ({@code sid}). Pure: no I/O; whether the session is still alive is the {@link Authenticator}'s job.
 */
public final class TokenService {
    private static final String ISSUER = "juntos";
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Clock clock;

    public TokenService(byte[] key, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token key too short", e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    public record AccessToken(String token, long expiresIn) {
    }

    public AccessToken issue(Principal p) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(p.userId())
                .claim("sid", p.sessionId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return new AccessToken(jwt.serialize(), ttl.toSeconds());
    }

    /** Returns the principal of a valid, unexpired token or throws a 401 saying why. */
    public Principal verify(String token) {
        if (token == null || token.isBlank() || token.length() > 4096) throw invalid();
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) throw invalid();
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Date exp = c.getExpirationTime();
            if (!ISSUER.equals(c.getIssuer()) || exp == null || c.getSubject() == null || !(c.getClaim("sid") instanceof String sid)) {
                throw invalid();
            }
            if (!exp.toInstant().isAfter(clock.instant())) {
                throw ApiException.unauthorized("token_expired", "The access token has expired; refresh it.");
            }
            return new Principal(c.getSubject(), sid);
        } catch (ParseException | JOSEException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.unauthorized("token_invalid", "The access token is not valid.");
    }
}
