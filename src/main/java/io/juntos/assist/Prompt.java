package io.juntos.assist;

import io.juntos.conversations.ConversationReader.ContextMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat-completions messages for a suggestion request. Only what the asking person can read
 * goes in (the caller reads it through {@code ConversationReader.recentReadable}, which leaves out
 * deleted messages); names and ids stay home: the asker is "Me", others "Person 1", "Person 2"…
 * The prompt is built in memory for one request and never stored or logged.
 */
final class Prompt {
    static final int MAX_MESSAGE_CHARS = 500;

    private Prompt() {
    }

    static List<Map<String, String>> build(List<ContextMessage> recent) {
        List<Map<String, String>> out = new ArrayList<>(2);
        if (recent.isEmpty()) {
            out.add(Map.of("role", "system", "content", """
                    You help someone start a chat conversation. Write exactly 3 short conversation openers, \
                    engaging and universally appealing, each under 15 words. One per line. \
                    No numbering, no quotes, no other text."""));
            out.add(Map.of("role", "user", "content", "Suggest 3 openers."));
            return out;
        }
        out.add(Map.of("role", "system", "content", """
                You suggest replies in a chat. Given the conversation, write exactly 3 different short replies \
                that "Me" could send next, each under 15 words, in the language of the conversation, matching its tone. \
                One per line. No numbering, no quotes, no speaker names, no other text."""));
        out.add(Map.of("role", "user", "content", transcript(recent)));
        return out;
    }

    static String transcript(List<ContextMessage> recent) {
        Map<String, String> names = new HashMap<>();
        StringBuilder sb = new StringBuilder("Conversation so far:\n");
        for (ContextMessage m : recent) {
            String who = m.mine() ? "Me" : names.computeIfAbsent(m.senderId(), k -> "Person " + (names.size() + 1));
            String text = m.text().length() > MAX_MESSAGE_CHARS ? m.text().substring(0, MAX_MESSAGE_CHARS) + "…" : m.text();
            sb.append(who).append(": ").append(text.replace('\n', ' ')).append('\n');
        }
        return sb.append("\nSuggest 3 replies for Me.").toString();
    }
}
