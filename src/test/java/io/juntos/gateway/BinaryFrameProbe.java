package io.juntos.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures the two ways of carrying a CRDT update (docs/gateway.md, "binary payloads"): base64 in
 * the JSON envelope, or a binary WebSocket frame with a small header. Prints bytes on the wire and
 * encode+decode time per frame for 20-byte and 2-KiB updates. Not a test: run it by hand
 * ({@code java -cp target/test-classes:target/classes:<deps> io.juntos.gateway.BinaryFrameProbe}).
 */
public final class BinaryFrameProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        for (int size : new int[]{20, 2048}) {
            byte[] update = new byte[size];
            ThreadLocalRandom.current().nextBytes(update);
            measure(size, update);
        }
    }

    static void measure(int size, byte[] update) throws Exception {
        String listId = "01hx8k2m3n4p5q6r7s8t9v0w1x";
        int n = 200_000;
        // warm up both paths
        for (int i = 0; i < n; i++) {
            json(listId, update);
            binary(listId, update);
        }
        long t0 = System.nanoTime();
        int jsonBytes = 0;
        for (int i = 0; i < n; i++) jsonBytes = json(listId, update);
        long t1 = System.nanoTime();
        int binBytes = 0;
        for (int i = 0; i < n; i++) binBytes = binary(listId, update);
        long t2 = System.nanoTime();
        System.out.printf("update %5d B | json+base64: %5d B on the wire, %6.2f µs encode+decode | binary: %5d B, %6.2f µs%n",
                size, jsonBytes, (t1 - t0) / 1000.0 / n, binBytes, (t2 - t1) / 1000.0 / n);
    }

    /** Encodes and decodes {"type":"list.update","id":"c9","data":{"listId":…,"update":"<base64>"}}. */
    static int json(String listId, byte[] update) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("listId", listId);
        data.put("update", Base64.getEncoder().encodeToString(update));
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "list.update");
        frame.put("id", "c9");
        frame.put("data", data);
        String text = JSON.writeValueAsString(frame);
        JsonNode back = JSON.readTree(text);
        byte[] decoded = Base64.getDecoder().decode(back.path("data").path("update").asText());
        if (decoded.length != update.length) throw new AssertionError();
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Encodes and decodes [u16 header length][header JSON {"type","id","data":{listId}}][update bytes]. */
    static int binary(String listId, byte[] update) throws Exception {
        byte[] header = JSON.writeValueAsBytes(Map.of("type", "list.update", "id", "c9", "data", Map.of("listId", listId)));
        ByteBuffer out = ByteBuffer.allocate(2 + header.length + update.length);
        out.putShort((short) header.length).put(header).put(update);
        byte[] wire = out.array();
        ByteBuffer in = ByteBuffer.wrap(wire);
        int h = Short.toUnsignedInt(in.getShort());
        JsonNode head = JSON.readTree(wire, 2, h);
        byte[] payload = new byte[wire.length - 2 - h];
        in.position(2 + h);
        in.get(payload);
        if (payload.length != update.length || !head.path("type").asText().equals("list.update")) throw new AssertionError();
        return wire.length;
    }
}
