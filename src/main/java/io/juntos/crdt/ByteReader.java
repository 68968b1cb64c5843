package io.juntos.crdt;

/**
 * Bounds-checked reader for the binary encoding. Every malformed input ends in a
 * {@link MalformedUpdateException} naming the offset, never in an index or arithmetic
 * exception, and no length read from the input is trusted beyond the bytes remaining.
 */
final class ByteReader {
    private final byte[] buf;
    private int pos;

    ByteReader(byte[] buf) {
        this.buf = buf;
    }

    /** The whole input (for the checksum); not to be modified. */
    byte[] bytes() {
        return buf;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return buf.length - pos;
    }

    boolean atEnd() {
        return pos >= buf.length;
    }

    int readByte() {
        if (pos >= buf.length) {
            throw fail("unexpected end of input");
        }
        return buf[pos++] & 0xFF;
    }

    long readVarUint() {
        long v = 0;
        for (int shift = 0; shift < 42; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw fail("varint too long");
    }

    long readVarInt() {
        long z = readVarUint();
        return (z & 1) == 0 ? z >>> 1 : -((z + 1) >>> 1);
    }

    /** A non-negative varint that must fit in an int and be at most {@code max}. */
    int readInt(int max, String what) {
        long v = readVarUint();
        if (v > max) {
            throw fail(what + " out of range: " + v);
        }
        return (int) v;
    }

    /** A count of items each taking at least one byte, so it cannot exceed what remains. */
    int readCount(String what) {
        return readInt(remaining(), what);
    }

    String readString() {
        int len = readCount("string length");
        int end = pos + len;
        StringBuilder sb = new StringBuilder(len);
        readWtf8(sb, end);
        return sb.toString();
    }

    /** Decodes WTF-8 bytes up to {@code end} into {@code out}. */
    void readWtf8(StringBuilder out, int end) {
        if (end > buf.length) {
            throw fail("text block runs past the end");
        }
        while (pos < end) {
            int b = buf[pos++] & 0xFF;
            if (b < 0x80) {
                out.append((char) b);
            } else if (b >= 0xC2 && b < 0xE0) {
                out.append((char) (((b & 0x1F) << 6) | cont(end)));
            } else if (b >= 0xE0 && b < 0xF0) {
                int c = ((b & 0x0F) << 12) | (cont(end) << 6) | cont(end);
                if (c < 0x800) {
                    throw fail("overlong text encoding");
                }
                out.append((char) c);
            } else if (b >= 0xF0 && b < 0xF5) {
                int cp = ((b & 0x07) << 18) | (cont(end) << 12) | (cont(end) << 6) | cont(end);
                if (cp < 0x10000 || cp > 0x10FFFF) {
                    throw fail("invalid code point in text");
                }
                out.append(Character.highSurrogate(cp)).append(Character.lowSurrogate(cp));
            } else {
                throw fail("invalid text byte " + b);
            }
        }
    }

    private int cont(int end) {
        if (pos >= end) {
            throw fail("truncated text character");
        }
        int b = buf[pos++] & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw fail("invalid text continuation byte");
        }
        return b & 0x3F;
    }

    MalformedUpdateException fail(String message) {
        return new MalformedUpdateException(message, pos);
    }
}
