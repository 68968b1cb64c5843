package io.juntos.cluster;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

import java.time.Duration;

/**
 * Settings of a node in a cluster, read once at start.
 *
 * @param redisUrl       {@code JUNTOS_REDIS_URL}, null for one node (a secret: it may hold a password)
 * @param presenceTtl    {@code JUNTOS_PRESENCE_TTL}: how long a socket counts as online without its node renewing it
 * @param drainTimeout   {@code JUNTOS_DRAIN_TIMEOUT}: on SIGTERM, the longest the node takes to hand its clients over and exit
 */
public record ClusterConfig(String redisUrl, Duration presenceTtl, Duration drainTimeout) {

    public static ClusterConfig from(Env env) {
        String url = env.secret("JUNTOS_REDIS_URL");
        Duration ttl = env.duration("JUNTOS_PRESENCE_TTL", Duration.ofSeconds(30));
        if (ttl.compareTo(Duration.ofSeconds(3)) < 0) throw new ConfigException("JUNTOS_PRESENCE_TTL", "must be at least 3s");
        Duration drain = env.duration("JUNTOS_DRAIN_TIMEOUT", Duration.ofSeconds(30));
        if (drain.isNegative() || drain.compareTo(Duration.ofMinutes(10)) > 0) throw new ConfigException("JUNTOS_DRAIN_TIMEOUT", "must be between 0s and 10m");
        return new ClusterConfig(url == null ? null : url.trim(), ttl, drain);
    }

    /** How often a node renews its sockets' presence and sweeps expired ones: well within the TTL. */
    public Duration presenceRenewal() {
        return presenceTtl.dividedBy(3);
    }
}
