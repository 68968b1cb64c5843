package io.juntos.crdt;

/**
 * Root of every error raised by the CRDT engine. Unchecked: callers at the edge (the
 * sync gateway) map the specific subclasses to protocol errors in one place.
 */
public class CrdtException extends RuntimeException {
    public CrdtException(String message) {
        super(message);
    }

    public CrdtException(String message, Throwable cause) {
        super(message, cause);
    }
}
