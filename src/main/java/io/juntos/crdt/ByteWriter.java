package io.juntos.crdt;

import java.util.Arrays;

/**
 * Growable byte sink for the binary encoding: unsigned LEB128 varints, zigzag signed
 * varints and WTF-8 strings. The JavaScript twin ({@code js/crdt/bytes.js}) mirrors it
 * byte for byte.
 */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** Unsigned varint; {@code v} must be non-negative. */
    void writeVarUint(long v) {
        ensure(10);
        while (v >= 0x80) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Signed varint via zigzag, so small negative deltas stay one byte. */
    void writeVarInt(long v) {
        writeVarUint(v >= 0 ? v * 2 : -v * 2 - 1);
    }

    void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    void writeBytes(ByteWriter other) {
        ensure(other.size);
        System.arraycopy(other.buf, 0, buf, size, other.size);
        size += other.size;
    }

    /** Length-prefixed (in bytes) WTF-8 string. */
    void writeString(String s) {
        ByteWriter tmp = new ByteWriter(s.length() + 4);
        tmp.writeWtf8(s, 0, s.length());
        writeVarUint(tmp.size);
        writeBytes(tmp);
    }

    /**
     * WTF-8: UTF-8 that also carries lone surrogates (as 3-byte sequences), so that any
     * Java or JavaScript string survives the round trip with its UTF-16 length intact.
     */
    void writeWtf8(CharSequence s, int from, int to) {
        ensure((to - from) * 3);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[size++] = (byte) c;
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[size++] = (byte) (0xF0 | (cp >> 18));
                buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[size++] = (byte) (0xE0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
