package io.juntos.bench;

/** What a frame from the server means to the load generator; {@link Wire}s produce these. */
sealed interface Inbound {
    /** The connection is authenticated and in its room: the client may send. */
    record Ready() implements Inbound {
    }

    /** A frame the client must answer at once (heartbeats), with {@code reply}. */
    record Reply(String reply) implements Inbound {
    }

    /** The sender's acknowledgement of a message, carrying the message's text. */
    record Ack(String text) implements Inbound {
    }

    /** A message delivered to a member of the room, carrying its text. */
    record Delivery(String text) implements Inbound {
    }

    /** A refusal (error frame, error ack, failed connect), kept for the report. */
    record Refused(String frame) implements Inbound {
    }

    /** Anything else (presence, receipts...): counted, otherwise ignored. */
    record Other() implements Inbound {
    }

    Ready READY = new Ready();
    Other OTHER = new Other();
}
