package io.juntos.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The one EXIF field we keep: Orientation (tag 0x0112 in IFD0, TIFF 6.0 / EXIF 2.32 §4.6.4).
 * Dropping it would show phone photos sideways, and it reveals nothing about the user.
 */
final class Exif {
    private Exif() {
    }

    /** Orientation 1..8 from an APP1 payload whose TIFF header starts at {@code offset}; 1 when absent or unreadable. */
    static int orientation(byte[] app1, int offset) {
        try {
            ByteBuffer b = ByteBuffer.wrap(app1, offset, app1.length - offset).slice();
            if (b.remaining() < 8) return 1;
            b.order(b.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int ifd = b.getInt(4);
            if (ifd < 8 || ifd + 2 > b.limit()) return 1;
            int count = Short.toUnsignedInt(b.getShort(ifd));
            for (int i = 0; i < count; i++) {
                int e = ifd + 2 + i * 12;
                if (e + 12 > b.limit()) return 1;
                if (Short.toUnsignedInt(b.getShort(e)) == 0x0112) {
                    int v = Short.toUnsignedInt(b.getShort(e + 8));
                    return v >= 1 && v <= 8 ? v : 1;
                }
            }
            return 1;
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
    }

    /** A complete APP1 segment holding only IFD0 with the Orientation tag (big-endian TIFF). */
    static byte[] orientationSegment(int orientation) {
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 6 + 26).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + 26));
        b.put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return b.array();
    }
}
