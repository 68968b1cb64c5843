package io.juntos.media;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Removes location and other personal metadata from images at the byte level, without decoding
 * or re-encoding the pixels (no quality loss, no decoder attack surface):
 * JPEG APP1 (EXIF, XMP), APP13 (IPTC) and comments, keeping only the EXIF orientation so photos
 * stay upright; PNG {@code eXIf}, text and time chunks; WebP {@code EXIF} and {@code XMP } chunks.
 * GIF and others are copied unchanged (they carry no EXIF).
 */
final class MetadataStripper {
    /** The image's structure is not what its signature promised; it cannot be cleaned safely. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private MetadataStripper() {
    }

    /** Writes a cleaned copy of {@code in} to {@code out}; returns the EXIF orientation (1 when none). */
    static int strip(MediaType type, Path in, Path out) throws IOException {
        switch (type) {
            case JPEG -> {
                try (InputStream i = new BufferedInputStream(Files.newInputStream(in)); OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
                    return jpeg(new DataInputStream(i), o);
                }
            }
            case PNG -> {
                try (InputStream i = new BufferedInputStream(Files.newInputStream(in)); OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
                    png(new DataInputStream(i), o);
                    return 1;
                }
            }
            case WEBP -> {
                WebpStripper.strip(in, out);
                return 1;
            }
            case GIF, MP4, WEBM, PDF -> {
                Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return 1;
            }
        }
        throw new IllegalStateException();
    }

    static int jpeg(DataInputStream in, OutputStream out) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) throw new Malformed("no JPEG start marker");
        out.write(0xFF);
        out.write(0xD8);
        int orientation = 1;
        while (true) {
            if (in.readUnsignedByte() != 0xFF) throw new Malformed("JPEG marker expected");
            int m = in.readUnsignedByte();
            while (m == 0xFF) m = in.readUnsignedByte();
            if (m == 0xDA || m == 0xD9) {
                // Start of scan: entropy-coded data and any later markers follow; metadata never comes after it.
                out.write(0xFF);
                out.write(m);
                in.transferTo(out);
                return orientation;
            }
            if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                out.write(0xFF);
                out.write(m);
                continue;
            }
            int len = in.readUnsignedShort();
            if (len < 2) throw new Malformed("JPEG segment length " + len);
            byte[] payload = new byte[len - 2];
            in.readFully(payload);
            if (m == 0xE1) {
                if (startsWith(payload, EXIF)) {
                    orientation = Exif.orientation(payload, EXIF.length);
                    if (orientation != 1) out.write(Exif.orientationSegment(orientation));
                }
                continue;
            }
            if (m == 0xED || m == 0xFE) continue;
            out.write(0xFF);
            out.write(m);
            out.write(len >> 8);
            out.write(len & 0xFF);
            out.write(payload);
        }
    }

    private static final java.util.Set<String> PNG_DROPPED = java.util.Set.of("eXIf", "tEXt", "zTXt", "iTXt", "tIME");

    static void png(DataInputStream in, OutputStream out) throws IOException {
        byte[] sig = new byte[8];
        in.readFully(sig);
        out.write(sig);
        while (true) {
            int len;
            try {
                len = in.readInt();
            } catch (EOFException e) {
                return;
            }
            if (len < 0) throw new Malformed("PNG chunk length");
            byte[] typeBytes = new byte[4];
            in.readFully(typeBytes);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            boolean keep = !PNG_DROPPED.contains(type);
            if (keep) {
                writeInt(out, len);
                out.write(typeBytes);
            }
            copyOrSkip(in, keep ? out : OutputStream.nullOutputStream(), len + 4L);
            if (type.equals("IEND")) return;
        }
    }

    private static void copyOrSkip(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[16 * 1024];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new Malformed("truncated chunk");
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }
}
