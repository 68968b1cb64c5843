package io.juntos.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.testing.Api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load probe, not a unit test: opens N idle, authenticated gateway connections against a running
 * server (spread over a few users, as tabs and devices are), answers heartbeats, and holds them so
 * that the server's heap can be measured. Usage:
 * {@code java -cp target/test-classes:target/classes:<deps> io.juntos.gateway.IdleConnectionsProbe http://127.0.0.1:18080 10000 50 120}
 * (base URL, connections, users, seconds to hold).
 */
public final class IdleConnectionsProbe {
    private IdleConnectionsProbe() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int connections = Integer.parseInt(args[1]);
        int userCount = Integer.parseInt(args[2]);
        int holdSeconds = Integer.parseInt(args[3]);
        Api api = new Api(base);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < userCount; i++) tokens.add(api.signup("probe").accessToken());
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        CountDownLatch ready = new CountDownLatch(connections);
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(200); // handshakes at a time
        List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            inFlight.acquire();
            String token = tokens.get(i % tokens.size());
            WebSocket.Listener listener = new WebSocket.Listener() {
                final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        String text = partial.toString();
                        partial.setLength(0);
                        if (text.startsWith("{\"type\":\"ready\"")) {
                            ws.sendText("{\"type\":\"resume\",\"id\":\"r\",\"data\":{\"streams\":{}}}", true);
                            ready.countDown();
                        } else if (text.startsWith("{\"type\":\"ping\"")) {
                            ws.sendText("{\"type\":\"pong\"}", true);
                        }
                    }
                    ws.request(1);
                    return null;
                }
            };
            http.newWebSocketBuilder().header("Origin", base.replace("127.0.0.1", "localhost")).subprotocols("juntos.v1", "bearer." + token)
                    .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"), listener)
                    .whenComplete((ws, err) -> {
                        inFlight.release();
                        if (err != null) {
                            failed.incrementAndGet();
                            ready.countDown();
                        } else {
                            sockets.add(ws);
                        }
                    });
        }
        boolean all = ready.await(10, TimeUnit.MINUTES);
        System.out.printf("opened=%d failed=%d allReady=%s seconds=%.1f%n", sockets.size(), failed.get(), all, (System.nanoTime() - start) / 1e9);
        System.out.println("HOLDING");
        Thread.sleep(holdSeconds * 1000L);
        sockets.forEach(ws -> ws.sendClose(1000, "done"));
        Thread.sleep(2000);
        json.hashCode();
        System.exit(0);
    }
}
