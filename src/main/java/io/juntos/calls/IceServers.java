package io.juntos.calls;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ICE servers a browser gets for a call, with short-lived TURN credentials per user: the
 * "TURN REST API" (draft-uberti-behave-turn-rest-00) that coturn implements with
 * {@code use-auth-secret}: username {@code <expiry unix seconds>:<userId>}, password
 * base64(HMAC-SHA1(secret, username)). coturn recomputes the password from the username and its
 * {@code static-auth-secret} and refuses it once the expiry has passed, so nothing is stored.
 */
final class IceServers {
    /** One TURN credential, as {@code RTCIceServer} wants it. */
    record Credential(String username, String credential, long expiresAt) {
    }

    private final CallsConfig cfg;
    private final Clock clock;

    IceServers(CallsConfig cfg, Clock clock) {
        this.cfg = cfg;
        this.clock = clock;
    }

    /** {@code {iceServers: [...], ttlSeconds}} for {@code RTCPeerConnection}'s configuration. */
    Map<String, Object> forUser(String userId) {
        List<Map<String, Object>> servers = new ArrayList<>();
        if (!cfg.stunUrls().isEmpty()) servers.add(Map.of("urls", cfg.stunUrls()));
        Map<String, Object> out = new LinkedHashMap<>();
        if (!cfg.turnUrls().isEmpty()) {
            Credential c = credential(cfg.turnSecret(), userId, clock.millis() / 1000 + cfg.turnTtl().toSeconds());
            servers.add(Map.of("urls", cfg.turnUrls(), "username", c.username(), "credential", c.credential()));
            out.put("expiresAt", java.time.Instant.ofEpochSecond(c.expiresAt()).toString());
        }
        out.put("iceServers", servers);
        out.put("ttlSeconds", cfg.turnTtl().toSeconds());
        return out;
    }

    /** The credential coturn accepts until {@code expiresAtSeconds} (unix time) for this user. */
    static Credential credential(String secret, String userId, long expiresAtSeconds) {
        String username = expiresAtSeconds + ":" + userId;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String password = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
            return new Credential(username, password, expiresAtSeconds);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
