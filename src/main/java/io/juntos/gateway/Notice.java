package io.juntos.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What travels on the bus for the gateway: a pre-encoded frame (encoded once by the publisher,
 * whatever the number of recipients) plus what a node needs to route it. Binary layout:
 * kind (1 byte), seq (8), argument (UTF), frame (UTF-8 bytes to the end).
 */
sealed interface Notice {
    /** Send the frame to every local follower of the topic. */
    record Event(String frame) implements Notice {
    }

    /** A frame with a per-topic sequence number: delivered in order, gaps filled from the store. */
    record Sequenced(long seq, String frame) implements Notice {
    }

    /** Every local follower of the (user) topic starts following {@code topic}, then gets the frame. */
    record Join(String topic, String frame) implements Notice {
    }

    /** Every local follower of the (user) topic stops following {@code topic} at once, then gets the frame. */
    record Leave(String topic, String frame) implements Notice {
    }

    static byte[] encode(Notice n) {
        var out = new ByteArrayOutputStream(256);
        try (var d = new DataOutputStream(out)) {
            switch (n) {
                case Event e -> write(d, 0, 0, "", e.frame());
                case Sequenced s -> write(d, 1, s.seq(), "", s.frame());
                case Join j -> write(d, 2, 0, j.topic(), j.frame());
                case Leave l -> write(d, 3, 0, l.topic(), l.frame());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static Notice decode(byte[] bytes) {
        try (var d = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int kind = d.readByte();
            long seq = d.readLong();
            String arg = d.readUTF();
            String frame = new String(d.readAllBytes(), StandardCharsets.UTF_8);
            return switch (kind) {
                case 0 -> new Event(frame);
                case 1 -> new Sequenced(seq, frame);
                case 2 -> new Join(arg, frame);
                case 3 -> new Leave(arg, frame);
                default -> throw new IllegalArgumentException("unknown notice kind " + kind);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed notice", e);
        }
    }

    private static void write(DataOutputStream d, int kind, long seq, String arg, String frame) throws IOException {
        d.writeByte(kind);
        d.writeLong(seq);
        d.writeUTF(arg);
        d.write(frame.getBytes(StandardCharsets.UTF_8));
    }
}
