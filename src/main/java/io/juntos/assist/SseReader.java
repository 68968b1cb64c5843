package io.juntos.assist;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server-sent events format (WHATWG HTML §9.2 "event stream interpretation") from bytes
 * as they arrive, in chunks split anywhere: inside a line, inside a CRLF, inside a UTF-8 sequence.
 * Lines are cut on bytes (LF and CR never occur inside a UTF-8 sequence) and decoded whole, so a
 * split multi-byte character is never mangled. Only {@code data} fields matter to chat completions:
 * an event's data lines are joined with LF and handed out at the blank line that ends it; comments
 * ({@code : keepalive}), {@code event}, {@code id} and {@code retry} are skipped.
 * Pure: no I/O, so the awkward splits are tested directly.
 */
final class SseReader {
    /** A line longer than this is a broken or hostile stream, not a chat chunk. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean lastWasCr;

    static final class TooLongException extends RuntimeException {
        TooLongException() {
            super("event-stream line longer than " + MAX_LINE_BYTES + " bytes");
        }
    }

    /** Feeds bytes; returns the data of every event completed by them, in order. */
    List<String> feed(byte[] bytes, int off, int len) {
        List<String> events = new ArrayList<>(2);
        for (int i = off; i < off + len; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false; // the LF of a CRLF: the line already ended at the CR
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine(events);
            } else {
                if (line.size() >= MAX_LINE_BYTES) throw new TooLongException();
                line.write(b);
            }
        }
        return events;
    }

    private void endLine(List<String> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            if (hasData) events.add(data.toString());
            data.setLength(0);
            hasData = false;
            return;
        }
        if (text.startsWith(":")) return; // a comment: keepalives look like this
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        if (!field.equals("data")) return;
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        if (hasData) data.append('\n');
        data.append(value);
        hasData = true;
    }
}
