package io.juntos.crdt;

/** The update starts with a format version this engine does not know. */
public final class UnsupportedFormatException extends MalformedUpdateException {
    private final int version;

    public UnsupportedFormatException(int version) {
        super("unsupported update format version " + version, 0);
        this.version = version;
    }

    public int version() {
        return version;
    }
}
