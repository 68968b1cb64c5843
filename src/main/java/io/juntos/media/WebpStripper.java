package io.juntos.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the {@code EXIF} and {@code XMP } chunks of a WebP (RIFF) file, clears their flags in
 * {@code VP8X} and rewrites the RIFF size (Google "WebP Container Specification", extended format).
 * Also reads the canvas size, since ImageIO cannot decode WebP.
 */
final class WebpStripper {
    private WebpStripper() {
    }

    private record Chunk(String fourcc, long offset, long size) {
        long padded() {
            return size + (size & 1);
        }
    }

    static void strip(Path in, Path out) throws IOException {
        try (FileChannel src = FileChannel.open(in, StandardOpenOption.READ);
             FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            List<Chunk> kept = new ArrayList<>();
            for (Chunk c : chunks(src)) {
                if (!c.fourcc().equals("EXIF") && !c.fourcc().equals("XMP ")) kept.add(c);
            }
            long riffSize = 4;
            for (Chunk c : kept) riffSize += 8 + c.padded();
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.put("RIFF".getBytes()).putInt((int) riffSize).put("WEBP".getBytes()).flip();
            dst.write(header);
            for (Chunk c : kept) {
                if (c.fourcc().equals("VP8X")) {
                    ByteBuffer x = read(src, c.offset(), (int) (8 + c.padded()));
                    x.put(8, (byte) (x.get(8) & ~0x0C));
                    dst.write(x);
                } else {
                    long pos = c.offset();
                    long end = Math.min(c.offset() + 8 + c.padded(), src.size());
                    while (pos < end) {
                        long n = src.transferTo(pos, end - pos, dst);
                        if (n <= 0) throw new MetadataStripper.Malformed("WebP chunk unreadable");
                        pos += n;
                    }
                }
            }
        }
    }

    /** Width and height of the canvas, or null when the file's first image chunk is not understood. */
    static int[] dimensions(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Chunk c : chunks(ch)) {
                ByteBuffer d = read(ch, c.offset() + 8, (int) Math.min(c.size(), 30));
                switch (c.fourcc()) {
                    case "VP8X" -> {
                        return new int[]{u24(d, 4) + 1, u24(d, 7) + 1};
                    }
                    case "VP8 " -> {
                        // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
                        return new int[]{d.getShort(6) & 0x3FFF, d.getShort(8) & 0x3FFF};
                    }
                    case "VP8L" -> {
                        int bits = d.getInt(1);
                        return new int[]{(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
                    }
                    default -> {
                    }
                }
            }
            return null;
        }
    }

    /** True when the extended header says the file holds an animation (VP8X flag 0x02). */
    static boolean animated(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Chunk c : chunks(ch)) {
                if (c.fourcc().equals("VP8X")) return (read(ch, c.offset() + 8, 1).get(0) & 0x02) != 0;
            }
            return false;
        }
    }

    private static List<Chunk> chunks(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer head = read(ch, 0, 12);
        if (size < 12 || head.getInt(0) != 0x46464952 || head.getInt(8) != 0x50424557) throw new MetadataStripper.Malformed("not a RIFF WebP");
        List<Chunk> out = new ArrayList<>();
        long pos = 12;
        while (pos + 8 <= size) {
            ByteBuffer h = read(ch, pos, 8);
            String fourcc = new String(new byte[]{h.get(0), h.get(1), h.get(2), h.get(3)}, java.nio.charset.StandardCharsets.ISO_8859_1);
            long len = Integer.toUnsignedLong(h.getInt(4));
            Chunk c = new Chunk(fourcc, pos, len);
            if (pos + 8 + len > size) throw new MetadataStripper.Malformed("WebP chunk runs past the end");
            out.add(c);
            pos += 8 + c.padded();
        }
        return out;
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) break;
        }
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int u24(ByteBuffer b, int i) {
        return (b.get(i) & 0xFF) | (b.get(i + 1) & 0xFF) << 8 | (b.get(i + 2) & 0xFF) << 16;
    }
}
