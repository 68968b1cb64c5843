package io.juntos.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Recognises a file's type from its first bytes (magic numbers), never from its name or the
 * client's label. Signatures: JPEG SOI FF D8 FF; PNG 89 50 4E 47 0D 0A 1A 0A; GIF87a/GIF89a;
 * WebP "RIFF" size "WEBP"; MP4/ISO-BMFF an {@code ftyp} box at offset 4 (ISO/IEC 14496-12 §4.3)
 * whose brand is not a still-image one (HEIC/AVIF also use ftyp); WebM an EBML header
 * (1A 45 DF A3) whose DocType is "webm"; PDF "%PDF-".
 */
public final class Sniffer {
    /** How many leading bytes {@link #sniff} wants to see. */
    public static final int HEAD_BYTES = 64;

    private Sniffer() {
    }

    public static Optional<MediaType> sniff(byte[] head) {
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) return Optional.of(MediaType.JPEG);
        if (startsWith(head, 0, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) return Optional.of(MediaType.PNG);
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) return Optional.of(MediaType.GIF);
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) return Optional.of(MediaType.WEBP);
        if (ascii(head, 4, "ftyp") && isVideoBrand(head)) return Optional.of(MediaType.MP4);
        if (startsWith(head, 0, 0x1A, 0x45, 0xDF, 0xA3) && contains(head, "webm")) return Optional.of(MediaType.WEBM);
        if (ascii(head, 0, "%PDF-")) return Optional.of(MediaType.PDF);
        return Optional.empty();
    }

    private static boolean isVideoBrand(byte[] head) {
        if (head.length < 12) return false;
        String brand = new String(head, 8, 4, StandardCharsets.US_ASCII);
        // Still-image brands of the same container family, which browsers do not play as video.
        return !(brand.startsWith("hei") || brand.startsWith("hev") || brand.startsWith("mif1") || brand.startsWith("avif")
                || brand.startsWith("msf1") || brand.startsWith("avis"));
    }

    private static boolean startsWith(byte[] b, int offset, int... sig) {
        if (b.length < offset + sig.length) return false;
        for (int i = 0; i < sig.length; i++) {
            if ((b[offset + i] & 0xFF) != sig[i]) return false;
        }
        return true;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        byte[] sig = s.getBytes(StandardCharsets.US_ASCII);
        return b.length >= offset + sig.length && Arrays.equals(b, offset, offset + sig.length, sig, 0, sig.length);
    }

    private static boolean contains(byte[] b, String s) {
        byte[] sig = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + sig.length <= b.length; i++) {
            for (int j = 0; j < sig.length; j++) {
                if (b[i + j] != sig[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
