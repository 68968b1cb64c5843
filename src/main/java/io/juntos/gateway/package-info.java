/**
 * The WebSocket gateway at {@code /ws}: one socket per tab or device, JSON envelopes (request with
 * an id → exactly one ack or error; events), limits (frame size, request rate, bounded outbound),
 * heartbeats, and fan-out through the {@link io.juntos.bus.Bus} with frames encoded once. Feature
 * packages plug in through {@link io.juntos.gateway.Gateway}; the wire protocol is documented in
 * {@code docs/protocol.md}, the design and measurements in {@code docs/gateway.md}.
 */
package io.juntos.gateway;
