package io.juntos.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator's own parsing and counting (no servers; the benchmark itself never runs in mvn test). */
class BenchWiresTest {
    private final Member member = new Member(3, "g0", "u3", "tok");

    @Test
    void engineIoWireConnectsToTheRoomAnswersPingsAndReadsAcksAndDeliveries() {
        var wire = new EngineIoWire(URI.create("ws://127.0.0.1:1/socket.io/?EIO=4&transport=websocket"));
        assertThat(wire.read(member, "0{\"sid\":\"x\",\"pingInterval\":25000}")).isEqualTo(new Inbound.Reply("40{\"room\":\"g0\",\"user\":\"u3\"}"));
        assertThat(wire.read(member, "40{\"sid\":\"y\"}")).isEqualTo(Inbound.READY);
        assertThat(wire.read(member, "2")).isEqualTo(new Inbound.Reply("3"));
        assertThat(wire.send(member, 7, "b:3:42")).isEqualTo("427[\"message.send\",{\"conversationId\":\"g0\",\"clientMsgId\":\"m7\",\"text\":\"b:3:42\"}]");
        assertThat(wire.read(member, "437[{\"message\":{\"seq\":1,\"text\":\"b:3:42\"},\"duplicate\":false}]")).isEqualTo(new Inbound.Ack("b:3:42"));
        assertThat(wire.read(member, "42[\"message.created\",{\"message\":{\"text\":\"b:1:9\"}}]")).isEqualTo(new Inbound.Delivery("b:1:9"));
        assertThat(wire.read(member, "437[{\"error\":\"validation_failed\"}]")).isInstanceOf(Inbound.Refused.class);
        assertThat(wire.read(member, "44{\"message\":\"nope\"}")).isInstanceOf(Inbound.Refused.class);
    }

    @Test
    void juntosWireResumesAfterReadyAndReadsEnvelopeTypes() {
        var wire = new JuntosWire(URI.create("ws://127.0.0.1:1/ws"));
        assertThat(wire.subprotocols(member)).containsExactly("juntos.v1", "bearer.tok");
        assertThat(wire.read(member, "{\"type\":\"ready\",\"data\":{\"userId\":\"u\"}}"))
                .isEqualTo(new Inbound.Reply("{\"type\":\"resume\",\"id\":\"resume\",\"data\":{\"streams\":{}}}"));
        assertThat(wire.read(member, "{\"type\":\"ack\",\"id\":\"resume\",\"data\":{\"streams\":[]}}")).isEqualTo(Inbound.READY);
        assertThat(wire.read(member, "{\"type\":\"ping\",\"data\":{\"t\":1}}")).isEqualTo(new Inbound.Reply("{\"type\":\"pong\"}"));
        assertThat(wire.read(member, "{\"type\":\"ack\",\"id\":\"s1\",\"data\":{\"message\":{\"kind\":\"text\",\"text\":\"b:3:5\"}}}")).isEqualTo(new Inbound.Ack("b:3:5"));
        assertThat(wire.read(member, "{\"type\":\"message.created\",\"data\":{\"message\":{\"text\":\"b:2:5\"}}}")).isEqualTo(new Inbound.Delivery("b:2:5"));
        assertThat(wire.read(member, "{\"type\":\"error\",\"id\":\"s1\",\"code\":\"rate_limited\"}")).isInstanceOf(Inbound.Refused.class);
        assertThat(wire.read(member, "{\"type\":\"presence\",\"data\":{}}")).isEqualTo(Inbound.OTHER);
    }

    @Test
    void tallyCountsDeliveriesInsideTheWindowAndIgnoresTheSendersOwnEcho() {
        long now = System.nanoTime();
        var tally = new Tally(now - 1_000_000_000L, now + 1_000_000_000L);
        tally.delivered(3, Tally.payload(3, now));                        // the sender's echo
        tally.delivered(4, Tally.payload(3, now - 5_000_000L));           // inside the window
        tally.delivered(5, Tally.payload(3, now - 2_000_000_000L));       // scheduled before the window
        assertThat(tally.deliveredInWindow.sum()).isEqualTo(2);
        assertThat(tally.delivery.count()).isEqualTo(1);
        assertThat(tally.delivery.summary().p50Ms()).isGreaterThanOrEqualTo(5.0);
    }

    @Test
    void latencyPercentilesAreTakenFromTheSortedSamples() {
        var l = new Latencies();
        for (int i = 100; i >= 1; i--) l.add(i * 1_000_000L);
        var s = l.summary();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
    }
}
