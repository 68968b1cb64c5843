package io.juntos.crdt;

/** Characters {@code (replica, start .. start+length-1)} are deleted. Idempotent, commutative. */
record DeleteRange(int replica, int start, int length) {
}
