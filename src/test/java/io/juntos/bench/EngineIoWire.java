package io.juntos.bench;

import java.net.URI;
import java.util.List;

/**
 * socket.io v4 over a raw WebSocket (Engine.IO protocol 4): the server opens with {@code 0{...}},
 * the client connects to the main namespace with {@code 40{auth}} and gets {@code 40{"sid":..}};
 * events are {@code 42["name",data]}, an event with ack id n is {@code 42n[...]} answered by
 * {@code 43n[...]}; the server's ping {@code 2} is answered by pong {@code 3}.
 */
record EngineIoWire(URI uri) implements Wire {
    @Override
    public List<String> subprotocols(Member m) {
        return List.of();
    }

    @Override
    public String send(Member m, long n, String text) {
        return "42" + n + "[\"message.send\",{\"conversationId\":\"" + m.room() + "\",\"clientMsgId\":\"m" + n
                + "\",\"text\":\"" + text + "\"}]";
    }

    @Override
    public Inbound read(Member m, String frame) {
        if (frame.equals("2")) return new Inbound.Reply("3");
        if (frame.startsWith("0{")) return new Inbound.Reply("40{\"room\":\"" + m.room() + "\",\"user\":\"" + m.userId() + "\"}");
        if (frame.startsWith("42")) {
            return frame.startsWith("42[\"message.created\"") ? new Inbound.Delivery(Wire.text(frame)) : Inbound.OTHER;
        }
        if (frame.startsWith("43")) {
            return frame.contains("\"error\"") ? new Inbound.Refused(frame) : new Inbound.Ack(Wire.text(frame));
        }
        if (frame.startsWith("40")) return Inbound.READY;
        if (frame.startsWith("44") || frame.startsWith("41") || frame.startsWith("1")) return new Inbound.Refused(frame);
        return Inbound.OTHER;
    }
}
