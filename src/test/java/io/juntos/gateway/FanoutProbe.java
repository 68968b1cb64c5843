package io.juntos.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.WsTestClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A throughput probe, not a unit test: one sender pipelines M messages into a group of N members
 * (each with one live socket); reports sends/s and deliveries/s until every member has every
 * message. The server should run with a high JUNTOS_WS_RATE/BURST. Usage:
 * {@code java -cp … io.juntos.gateway.FanoutProbe http://127.0.0.1:18099 50 2000}
 */
public final class FanoutProbe {
    private FanoutProbe() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int members = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        Api api = new Api(base);
        var owner = api.signup("fan");
        JsonNode g = api.as(owner.accessToken()).post("/api/conversations/groups", Map.of("name", "fanout")).json();
        String conv = g.path("id").asText();
        List<WsTestClient> sockets = new ArrayList<>();
        for (int i = 0; i < members - 1; i++) {
            var m = api.signup("fan");
            api.as(m.accessToken()).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
            sockets.add(WsTestClient.live(base, m.accessToken()));
        }
        WsTestClient sender = WsTestClient.live(base, owner.accessToken());
        sockets.add(sender);
        long start = System.nanoTime();
        List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
        for (int i = 1; i <= messages; i++) {
            acks.add(sender.request("message.send", Map.of("conversationId", conv, "clientMsgId", "p" + i, "text", "message number " + i)));
            if (acks.size() >= 200) acks.removeFirst().join(); // at most 200 unacknowledged, like a real client window
        }
        acks.forEach(CompletableFuture::join);
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        for (WsTestClient s : sockets) {
            s.await(f -> f.path("type").asText().equals("message.created") && f.path("data").path("message").path("seq").asLong() == messages,
                    java.time.Duration.ofMinutes(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = sockets.stream().mapToLong(s -> s.events("message.created").size()).sum();
        System.out.printf("members=%d messages=%d sendSeconds=%.2f sends/s=%.0f allDeliveredSeconds=%.2f delivered=%d deliveries/s=%.0f%n",
                members, messages, sendSeconds, messages / sendSeconds, seconds, delivered, delivered / seconds);
        sockets.forEach(WsTestClient::close);
        System.exit(0);
    }
}
