package io.juntos.push;

import java.net.URI;
import java.util.Base64;

/** Checks on what a browser hands us from {@code PushManager.subscribe} (W3C Push API, RFC 8291 §3). */
final class Subscriptions {
    private Subscriptions() {
    }

    /**
     * The server will POST to this URL, so only https is accepted (plain http only when the operator
     * allows it, for tests and private push services). No credentials in it, no fragment.
     */
    static boolean endpointAllowed(String endpoint, boolean allowHttp) {
        try {
            URI u = new URI(endpoint);
            boolean scheme = "https".equals(u.getScheme()) || allowHttp && "http".equals(u.getScheme());
            return scheme && u.getHost() != null && u.getUserInfo() == null && u.getFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    static boolean isPublicKey(String p256dh) {
        byte[] b = decode(p256dh);
        return b != null && b.length == 65 && b[0] == 0x04;
    }

    static boolean isAuthSecret(String auth) {
        byte[] b = decode(auth);
        return b != null && b.length == 16;
    }

    private static byte[] decode(String s) {
        if (s == null || s.length() > 200) return null;
        try {
            return Base64.getUrlDecoder().decode(s.replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
