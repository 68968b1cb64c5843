package io.juntos.http;

import io.javalin.http.Context;

/**
 * The caller's address for throttling and the activity log. {@code X-Forwarded-For} is believed only
 * when {@code JUNTOS_TRUST_PROXY} says a reverse proxy sets it; otherwise anyone could forge it.
 */
public final class ClientAddress {
    private final boolean trustProxy;

    public ClientAddress(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    public String of(Context ctx) {
        if (trustProxy) {
            String fwd = ctx.header("X-Forwarded-For");
            if (fwd != null && !fwd.isBlank()) {
                String first = fwd.split(",")[0].trim();
                if (first.length() <= 64) return first;
            }
        }
        return ctx.ip();
    }
}
