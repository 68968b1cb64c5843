package io.juntos.bench;

/**
 * One client of the scenario: its index, its room (a Juntos group conversation or a socket.io
 * room of {@code group} members), and the credentials the server needs (Juntos only).
 */
record Member(int index, String room, String userId, String token) {
}
