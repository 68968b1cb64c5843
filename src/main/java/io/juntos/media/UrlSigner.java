package io.juntos.media;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HMAC-SHA256 signatures for our own upload and download URLs (local backend). The key is derived
 * from the server's token key with a distinct label, so every node of a cluster signs alike and a
 * media signature can never be confused with a token signature.
 */
public final class UrlSigner {
    private final SecretKeySpec key;

    public UrlSigner(byte[] tokenKey) {
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(tokenKey, "HmacSHA256"), "juntos media url key v1"), "HmacSHA256");
    }

    /** Signs the fields joined by newlines; none of them may contain one. */
    public String sign(String... fields) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, String.join("\n", fields)));
    }

    /** Constant-time comparison, so the time taken says nothing about how much of a forged signature was right. */
    public boolean verify(String signature, String... fields) {
        if (signature == null) return false;
        return MessageDigest.isEqual(sign(fields).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
