package io.juntos.media;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real image bytes made with ImageIO, plus a JPEG carrying an EXIF GPS block. */
final class TestImages {
    private TestImages() {
    }

    static byte[] png(int w, int h) {
        return encode("png", w, h);
    }

    /** A GIF of two frames (red, then blue), written as an image sequence. */
    static byte[] animatedGif(int w, int h) {
        var out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            var writer = ImageIO.getImageWritersByFormatName("gif").next();
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (Color c : new Color[]{Color.RED, Color.BLUE}) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(c);
                g.fillRect(0, 0, w, h);
                g.dispose();
                writer.writeToSequence(new javax.imageio.IIOImage(img, null, null), null);
            }
            writer.endWriteSequence();
            writer.dispose();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 1x1 lossy WebP (VP8) and a 1x1 lossless one (VP8L), as used by browsers' WebP feature tests. */
    static byte[] webpLossy() {
        return java.util.Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    }

    static byte[] webpLossless() {
        return java.util.Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    }

    static byte[] transparentPng(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 30, 30, 128));
        g.fillOval(0, 0, w, h);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(int w, int h) {
        return encode("jpg", w, h);
    }

    static byte[] gif(int w, int h) {
        return encode("gif", w, h);
    }

    private static byte[] encode(String format, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG whose APP1 EXIF block holds a GPS IFD (latitude 48°51'N) and the marker text "GPSSECRET". */
    static byte[] jpegWithGps(int w, int h) {
        byte[] plain = jpeg(w, h);
        byte[] app1 = exifApp1WithGps();
        byte[] out = new byte[plain.length + app1.length];
        System.arraycopy(plain, 0, out, 0, 2);
        System.arraycopy(app1, 0, out, 2, app1.length);
        System.arraycopy(plain, 2, out, 2 + app1.length, plain.length - 2);
        return out;
    }

    static byte[] exifApp1WithGps() {
        var tiff = new ByteArrayOutputStream();
        // Big-endian TIFF header, IFD0 at offset 8.
        write(tiff, 'M', 'M', 0, 42, 0, 0, 0, 8);
        // IFD0: 2 entries: Orientation=6 (rotate 90°), GPSInfo pointer -> offset 38.
        write(tiff, 0, 2);
        write(tiff, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0);
        write(tiff, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38);
        write(tiff, 0, 0, 0, 0);
        // GPS IFD at 38: 1 entry GPSLatitudeRef = "N", then next IFD 0, then a marker string.
        write(tiff, 0, 1);
        write(tiff, 0x00, 0x01, 0, 2, 0, 0, 0, 2, 'N', 0, 0, 0);
        write(tiff, 0, 0, 0, 0);
        tiff.writeBytes("GPSSECRET 48.8584N 2.2945E".getBytes(StandardCharsets.US_ASCII));
        byte[] body = tiff.toByteArray();
        var seg = new ByteArrayOutputStream();
        int len = 2 + 6 + body.length;
        write(seg, 0xFF, 0xE1, len >> 8, len & 0xFF);
        seg.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        seg.writeBytes(body);
        return seg.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, int... bytes) {
        for (int b : bytes) out.write(b);
    }

    static boolean contains(byte[] hay, String needle) {
        return new String(hay, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
