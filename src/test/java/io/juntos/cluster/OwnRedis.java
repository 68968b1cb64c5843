package io.juntos.cluster;

import io.juntos.testing.Services;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code redis-server} of the test's own on a free loopback port, to stop and start at will
 * (the shared Redis must never be stopped). No persistence: a restart comes back empty, as after
 * a crash of a cache-only Redis.
 */
final class OwnRedis implements AutoCloseable {
    private final int port;
    private Process process;

    private OwnRedis(int port) {
        this.port = port;
    }

    static OwnRedis start() {
        Services.require(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server not installed (apt-get install -y redis-server)");
        int port;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var r = new OwnRedis(port);
        r.up();
        return r;
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** Starts (again) on the same port and returns once it accepts connections. */
    void up() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // polling for the port to open
            }
        }
        throw new IllegalStateException("redis-server did not open port " + port);
    }

    /** Stops it (SIGKILL: connections are cut as in a crash) and waits for the process to end. */
    void down() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        down();
    }
}
