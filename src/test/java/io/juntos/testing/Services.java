package io.juntos.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * External services tests need. When one is missing the test fails under {@code CI=true} (CI must
 * have everything) and elsewhere is skipped with a loud reason on stderr, never silently.
 */
public final class Services {
    public static final String PG_URL = System.getenv().getOrDefault("JUNTOS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    public static final String REDIS_URL = System.getenv().getOrDefault("JUNTOS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
    public static final String CHROMIUM = System.getenv().getOrDefault("JUNTOS_TEST_CHROMIUM", "/usr/bin/chromium");

    private Services() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void requirePostgres() {
        String hostPort = PG_URL.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
        require(reachable(host, port), "PostgreSQL is not reachable at " + host + ":" + port + " (set JUNTOS_TEST_PG_URL)");
    }

    public static void requireRedis() {
        var uri = java.net.URI.create(REDIS_URL);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        require(reachable(uri.getHost(), port), "Redis is not reachable at " + uri.getHost() + ":" + port + " (set JUNTOS_TEST_REDIS_URL)");
    }

    public static void requireChromium() {
        require(Files.isExecutable(Path.of(CHROMIUM)), "Chromium not found at " + CHROMIUM + " (apt-get install -y chromium chromium-driver, or set JUNTOS_TEST_CHROMIUM)");
    }

    public static void require(boolean available, String reason) {
        if (available) return;
        if (ci()) Assertions.fail("CI=true and a required service is missing: " + reason);
        System.err.println("\n*** SKIPPING: " + reason + " ***\n");
        Assumptions.abort("SKIPPED (service missing): " + reason);
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
