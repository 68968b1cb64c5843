package io.juntos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.activity.ActivityLog;
import io.juntos.auth.Authenticator;
import io.juntos.auth.Users;
import io.juntos.bus.Bus;
import io.juntos.cluster.ClusterConfig;
import io.juntos.cluster.ClusterState;
import io.juntos.cluster.Drain;
import io.juntos.config.CoreConfig;
import io.juntos.config.Env;
import io.juntos.gateway.Gateway;
import io.juntos.http.ApiDocs;
import io.juntos.http.Bodies;
import io.juntos.http.ClientAddress;
import io.juntos.store.Database;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/**
 * The shared parts every feature may use, built once in {@link Juntos} (the gateway included:
 * it is platform, features register frames and streams on it). Features take what they
 * need from here in their constructors; nothing here is a static singleton. {@code cluster} is the
 * state all nodes share (limits, throttles, presence, leases); {@code drain} the node's graceful stop.
 */
public record Platform(
        Env env,
        CoreConfig config,
        Clock clock,
        ObjectMapper json,
        Bodies bodies,
        Database db,
        Bus bus,
        MeterRegistry metrics,
        ApiDocs apiDocs,
        ClientAddress clientAddress,
        Authenticator authenticator,
        Users users,
        ActivityLog activity,
        Gateway gateway,
        ClusterConfig clusterConfig,
        ClusterState cluster,
        Drain drain) {
}
