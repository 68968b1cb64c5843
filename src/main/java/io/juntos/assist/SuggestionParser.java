package io.juntos.assist;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the model's streamed text into suggestions as it arrives: one suggestion per line, with
 * the numbering, bullets and quotes models add despite being asked not to taken off. Reports
 * the current text of the suggestion being written after every piece, so the client can show it
 * growing. Pure.
 */
final class SuggestionParser {
    static final int MAX_CHARS = 200;
    private static final Pattern DECORATION = Pattern.compile("^\\s*(?:[-*•]+|\\d{1,2}[.):]|\\(?\\d{1,2}\\))?\\s*[\"“”'«»]?|[\"“”'«»]\\s*$");

    /** Receives the text so far of suggestion {@code index}. */
    @FunctionalInterface
    interface Listener {
        void update(int index, String text);
    }

    private final int wanted;
    private final Listener listener;
    private final List<String> done = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private String lastSent = "";

    SuggestionParser(int wanted, Listener listener) {
        this.wanted = wanted;
        this.listener = listener;
    }

    /** True once enough suggestions are complete: the caller may stop the stream. */
    boolean full() {
        return done.size() >= wanted;
    }

    void accept(String piece) {
        for (int i = 0; i < piece.length() && !full(); i++) {
            char c = piece.charAt(i);
            if (c == '\n') endLine();
            else if (current.length() < MAX_CHARS * 2) current.append(c);
        }
        if (!full()) report();
    }

    /** Ends the stream: the last line counts if it has text. Returns the suggestions. */
    List<String> finish() {
        if (!full()) endLine();
        return List.copyOf(done);
    }

    private void endLine() {
        String text = clean(current.toString());
        current.setLength(0);
        lastSent = "";
        if (text.isEmpty() || done.contains(text)) return;
        listener.update(done.size(), text);
        done.add(text);
    }

    private void report() {
        String text = clean(current.toString());
        if (text.isEmpty() || text.equals(lastSent)) return;
        lastSent = text;
        listener.update(done.size(), text);
    }

    static String clean(String line) {
        String t = DECORATION.matcher(line.strip()).replaceAll("").strip();
        return t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS).strip() : t;
    }
}
