package io.juntos.push;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

import java.net.URI;
import java.time.Duration;

/**
 * Web Push settings and limits, declared here with defaults and validated at start. VAPID keys are
 * given as {@code JUNTOS_VAPID_PUBLIC_KEY}/{@code _PRIVATE_KEY} (base64url, the raw 65-byte public
 * point and 32-byte private scalar, as {@code web-push generate-vapid-keys} prints them) or
 * generated into the data folder ({@link VapidKeyFile}). The private key is never logged.
 */
public record PushConfig(
        String vapidPublicKey,
        String vapidPrivateKey,
        String subject,
        Duration ttl,
        Duration requestTimeout,
        int queueCapacity,
        int workers,
        int maxAttempts,
        Duration retryBase,
        int maxSubscriptionsPerUser,
        boolean allowHttpEndpoints) {

    public static PushConfig from(Env env, URI publicUrl) {
        String pub = env.string("JUNTOS_VAPID_PUBLIC_KEY", null);
        String priv = env.secret("JUNTOS_VAPID_PRIVATE_KEY");
        if ((pub == null) != (priv == null)) {
            throw new ConfigException(pub == null ? "JUNTOS_VAPID_PUBLIC_KEY" : "JUNTOS_VAPID_PRIVATE_KEY",
                    "give both VAPID keys, or neither to generate them into the data folder");
        }
        String fallbackSubject = "https".equals(publicUrl.getScheme()) ? publicUrl.getScheme() + "://" + publicUrl.getAuthority()
                : "mailto:admin@" + publicUrl.getHost();
        String subject = env.string("JUNTOS_VAPID_SUBJECT", fallbackSubject);
        // RFC 8292 §2.1: the contact is a mailto: or https: URI; push services reject others.
        if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
            throw new ConfigException("JUNTOS_VAPID_SUBJECT", "must start with mailto: or https://");
        }
        Duration ttl = env.duration("JUNTOS_PUSH_TTL", Duration.ofHours(24));
        if (ttl.isNegative() || ttl.toDays() > 28) throw new ConfigException("JUNTOS_PUSH_TTL", "must be between 0 and 28 days");
        return new PushConfig(pub, priv, subject, ttl,
                env.duration("JUNTOS_PUSH_TIMEOUT", Duration.ofSeconds(10)),
                env.integer("JUNTOS_PUSH_QUEUE", 10_000, 10, 1_000_000),
                env.integer("JUNTOS_PUSH_WORKERS", 8, 1, 256),
                env.integer("JUNTOS_PUSH_MAX_ATTEMPTS", 5, 1, 20),
                env.duration("JUNTOS_PUSH_RETRY_BASE", Duration.ofSeconds(2)),
                env.integer("JUNTOS_PUSH_MAX_DEVICES", 20, 1, 1000),
                env.bool("JUNTOS_PUSH_ALLOW_HTTP", false));
    }

    @Override
    public String toString() {
        return "PushConfig[subject=" + subject + ", ttl=" + ttl + ", queue=" + queueCapacity + ", workers=" + workers
                + ", maxAttempts=" + maxAttempts + ", privateKey=***]";
    }
}
