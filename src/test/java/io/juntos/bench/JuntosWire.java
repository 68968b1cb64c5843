package io.juntos.bench;

import java.net.URI;
import java.util.List;

/**
 * The Juntos gateway protocol (docs/protocol.md): {@code /ws} with subprotocols
 * {@code juntos.v1, bearer.<token>}, JSON envelopes, {@code message.send} answered by an
 * {@code ack}, members receiving {@code message.created}, {@code ping} answered by {@code pong}.
 */
record JuntosWire(URI uri) implements Wire {
    private static final String PONG = "{\"type\":\"pong\"}";
    private static final String RESUME = "{\"type\":\"resume\",\"id\":\"resume\",\"data\":{\"streams\":{}}}";
    /** The server writes type, id, data in this order (gateway Frames.ack). */
    private static final String RESUMED = "{\"type\":\"ack\",\"id\":\"resume\"";

    @Override
    public List<String> subprotocols(Member m) {
        return List.of("juntos.v1", "bearer." + m.token());
    }

    @Override
    public String send(Member m, long n, String text) {
        return "{\"type\":\"message.send\",\"id\":\"s" + n + "\",\"data\":{\"conversationId\":\"" + m.room()
                + "\",\"clientMsgId\":\"m" + n + "\",\"text\":\"" + text + "\"}}";
    }

    @Override
    public Inbound read(Member m, String frame) {
        return switch (type(frame)) {
            case "message.created" -> new Inbound.Delivery(Wire.text(frame));
            case "ack" -> frame.startsWith(RESUMED) ? Inbound.READY : new Inbound.Ack(Wire.text(frame));
            case "ready" -> new Inbound.Reply(RESUME);
            case "ping" -> new Inbound.Reply(PONG);
            // On a loaded machine the server's resume grace may run out before our resume arrives:
            // it has then released the hold itself, and the connection is live all the same.
            case "error" -> frame.contains("\"already_resumed\"") ? Inbound.READY : new Inbound.Refused(frame);
            default -> Inbound.OTHER;
        };
    }

    /** The envelope's type: the first {@code "type"} key of the frame, which the server writes first. */
    static String type(String frame) {
        int i = frame.indexOf("\"type\":\"");
        if (i < 0) return "";
        int start = i + 8;
        int end = frame.indexOf('"', start);
        return end < 0 ? "" : frame.substring(start, end);
    }
}
