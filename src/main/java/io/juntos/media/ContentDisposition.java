package io.juntos.media;

import java.nio.charset.StandardCharsets;

/**
 * A {@code Content-Disposition} value that is safe for any file name (RFC 6266 with RFC 8187
 * {@code filename*}): an ASCII fallback with quotes, backslashes and controls replaced, plus the
 * exact UTF-8 name percent-encoded. A name can therefore never inject a header or a parameter.
 */
public final class ContentDisposition {
    private ContentDisposition() {
    }

    public static String of(boolean inline, String fileName) {
        return (inline ? "inline" : "attachment") + "; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encode(fileName);
    }

    static String asciiFallback(String name) {
        StringBuilder sb = new StringBuilder();
        name.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
        return sb.toString();
    }

    /** RFC 8187 §3.2.1 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else as %XX of its UTF-8 bytes. */
    static String encode(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
