package io.juntos.lists;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The list envelope, format {@code L1} (docs/crdt.md, "Binary format: list update"): a magic byte,
 * the format, a CRC-32C of the rest, then parts. Decoding checks the checksum before anything
 * else and reads every byte (no trailing garbage), so a truncated or flipped message is refused
 * whole. Pure: no I/O.
 */
public final class ListCodec {
    static final int MAGIC = 0x4C;
    static final int FORMAT = 1;
    static final int MAX_PARTS = 4096;
    private static final int HEADER = 6;

    private ListCodec() {
    }

    /** One part of an update or snapshot. */
    public sealed interface Part permits DocPart, FieldPart {
    }

    /** An engine update or snapshot (format 2) of the part {@code key} ({@code order}, {@code title:<id>}, {@code notes:<id>}). */
    public record DocPart(String key, byte[] bytes) implements Part {
    }

    /** A last-writer-wins write of {@code (itemId, field)}; {@code value} is JSON text ({@code null} clears). */
    public record FieldPart(String itemId, String field, long lamport, long replica, String value) implements Part {
        /** Whether this write beats {@code other} (larger (lamport, replica) wins). */
        public boolean beats(FieldPart other) {
            return other == null || lamport > other.lamport || (lamport == other.lamport && replica > other.replica);
        }
    }

    /** Refused bytes: what was wrong and where. */
    public static final class BadEnvelope extends RuntimeException {
        BadEnvelope(String message) {
            super(message, null, false, false);
        }
    }

    public static byte[] encode(List<? extends Part> parts) {
        var body = new ByteArrayOutputStream();
        varint(body, parts.size());
        for (Part p : parts) {
            switch (p) {
                case DocPart d -> {
                    varint(body, 0);
                    string(body, d.key());
                    varint(body, d.bytes().length);
                    body.writeBytes(d.bytes());
                }
                case FieldPart f -> {
                    varint(body, 1);
                    string(body, f.itemId());
                    string(body, f.field());
                    varint(body, f.lamport());
                    varint(body, f.replica());
                    string(body, f.value());
                }
            }
        }
        byte[] b = body.toByteArray();
        byte[] out = new byte[HEADER + b.length];
        out[0] = (byte) MAGIC;
        out[1] = (byte) FORMAT;
        System.arraycopy(b, 0, out, HEADER, b.length);
        long crc = crc(out);
        for (int i = 0; i < 4; i++) out[2 + i] = (byte) (crc >>> (24 - 8 * i));
        return out;
    }

    /** Decodes a whole message or throws {@link BadEnvelope}; never a partial result. */
    public static List<Part> decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER + 1) throw new BadEnvelope("too short");
        if ((bytes[0] & 0xff) != MAGIC) throw new BadEnvelope("not a list update (first byte " + (bytes[0] & 0xff) + ")");
        if ((bytes[1] & 0xff) != FORMAT) throw new BadEnvelope("unsupported list format " + (bytes[1] & 0xff));
        long stored = 0;
        for (int i = 0; i < 4; i++) stored = (stored << 8) | (bytes[2 + i] & 0xff);
        if (stored != crc(bytes)) throw new BadEnvelope("checksum mismatch");
        var in = new Reader(bytes, HEADER);
        long n = in.varint();
        if (n < 1 || n > MAX_PARTS) throw new BadEnvelope("part count " + n);
        List<Part> parts = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            long tag = in.varint();
            if (tag == 0) {
                String key = in.string();
                parts.add(new DocPart(key, in.bytes((int) in.varint())));
            } else if (tag == 1) {
                parts.add(new FieldPart(in.string(), in.string(), in.varint(), in.varint(), in.string()));
            } else {
                throw new BadEnvelope("unknown part tag " + tag + " at " + in.pos);
            }
        }
        if (in.pos != bytes.length) throw new BadEnvelope("trailing bytes at " + in.pos);
        return parts;
    }

    private static long crc(byte[] message) {
        var c = new CRC32C();
        c.update(message, HEADER, message.length - HEADER);
        return c.getValue();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(out, b.length);
        out.writeBytes(b);
    }

    private static final class Reader {
        final byte[] buf;
        int pos;

        Reader(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (pos >= buf.length) throw new BadEnvelope("truncated at " + pos);
                int b = buf[pos++] & 0xff;
                v |= (long) (b & 0x7f) << shift;
                if (b < 0x80) return v;
            }
            throw new BadEnvelope("varint too long at " + pos);
        }

        byte[] bytes(int n) {
            if (n < 0 || n > buf.length - pos) throw new BadEnvelope("truncated at " + pos);
            byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        String string() {
            long n = varint();
            if (n > 1 << 20) throw new BadEnvelope("string too long at " + pos);
            byte[] b = bytes((int) n);
            try {
                // Strict: malformed UTF-8 is refused, not replaced (a replaced value would differ between replicas).
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new BadEnvelope("invalid UTF-8 at " + pos);
            }
        }
    }
}
