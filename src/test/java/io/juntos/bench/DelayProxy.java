package io.juntos.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy that delays every byte by a fixed time in each direction, for the rooms benchmark's
 * added-latency page. Chromium's {@code Network.emulateNetworkConditions} slows HTTP but, measured
 * here, not WebSocket frames (the page's clock round trip stayed at 1 ms), and the socket is what
 * carries clock samples, states and corrections. Order is kept: one queue and one writer per direction.
 */
final class DelayProxy implements AutoCloseable {
    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private final ServerSocket server;
    private final int targetPort;
    private final long delayNanos;

    DelayProxy(int targetPort, long oneWayMillis) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.delayNanos = oneWayMillis * 1_000_000L;
        Thread.ofVirtual().name("delay-proxy").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (!server.isClosed()) System.err.println("delay proxy: " + e);
            }
        }
    }

    /** Bytes read from {@code from} are written to {@code to} {@code delay} later. */
    private void pipe(Socket from, Socket to) {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) queue.put(new Chunk(java.util.Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
            } catch (IOException | InterruptedException e) {
                // the connection ended: the writer closes its side once the queue is drained
            }
            queue.add(new Chunk(new byte[0], System.nanoTime() + delayNanos));
        });
        Thread.ofVirtual().start(() -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk c; (c = queue.take()).bytes().length > 0; ) {
                    long wait = c.dueNanos() - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the peer went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
