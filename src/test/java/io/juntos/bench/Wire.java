package io.juntos.bench;

import java.net.URI;
import java.util.List;

/**
 * One server's protocol, as far as the scenario needs it: where to connect, how to send a message
 * and how to read (and, for handshakes and heartbeats, answer) what comes back. Both wires share one load generator,
 * so the two servers see the same clients, rates and clock.
 */
sealed interface Wire permits JuntosWire, EngineIoWire {
    URI uri();

    /** Subprotocols to offer for this member (may be empty). */
    List<String> subprotocols(Member m);

    /** A message-send request; {@code n} is unique per connection (request id, ack id, client message id). */
    String send(Member m, long n, String text);

    /** What {@code frame}, received by member {@code m}'s connection, means. */
    Inbound read(Member m, String frame);

    /** The string value of the first {@code "text":"..."} in a frame (the payload is ours: no escapes). */
    static String text(String frame) {
        int i = frame.indexOf("\"text\":\"");
        if (i < 0) return null;
        int start = i + 8;
        int end = frame.indexOf('"', start);
        return end < 0 ? null : frame.substring(start, end);
    }
}
