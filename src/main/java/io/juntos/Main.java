package io.juntos;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;

/** Starts the server from {@code JUNTOS_*} environment variables; drains, then stops, on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Juntos server;
        try {
            server = Juntos.start(Env.system());
        } catch (ConfigException e) {
            System.err.println("juntos: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("juntos-shutdown").unstarted(server::drainAndClose));
    }
}
