package io.juntos.assist;

import io.juntos.conversations.ConversationReader.ContextMessage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The default when no model is configured: a few English rules, no download, nothing leaves the
 * server. It looks only at the newest message: a yes/no question gets yes / no / let me check, an
 * open question gets "let me check"-style answers, greetings, thanks, apologies and "how are you"
 * get their usual replies, anything else gets short acknowledgements; in an empty conversation,
 * openers. One slot goes to the person's own most frequent short reply that is not already there,
 * so the suggestions sound like them. Pure: tested without a server.
 */
final class OfflineSuggester {
    private static final Pattern YES_NO = Pattern.compile("^(are|is|am|do|does|did|can|could|will|would|should|shall|have|has|had|may|might|was|were|want|wanna|u|r u)\\b.*");
    private static final Pattern OPEN_QUESTION = Pattern.compile("^(what|when|where|who|whom|whose|why|how|which)\\b.*");
    private static final Pattern HOW_ARE_YOU = Pattern.compile(".*\\b(how are (you|u)|how's it going|how are things|how have you been|what's up|wassup|sup)\\b.*");
    private static final Pattern GREETING = Pattern.compile("^(hi|hey|hello|hiya|yo|howdy|good (morning|afternoon|evening)|morning|hola|ol[aá]|bonjour|hallo|ciao)\\b.*");
    private static final Pattern THANKS = Pattern.compile(".*\\b(thanks|thank you|thx|ty|cheers|much appreciated|gracias|obrigad[oa]|merci|danke)\\b.*");
    private static final Pattern SORRY = Pattern.compile(".*\\b(sorry|apologi[sz]e|my bad)\\b.*");
    private static final Pattern BYE = Pattern.compile(".*\\b(bye|good ?night|see (you|ya)|talk (to you )?later|ttyl|cya)\\b.*");

    static final List<String> OPENERS = List.of("Hi! How's your day going?", "What have you been up to lately?", "Any plans for the weekend?",
            "Seen anything good to watch recently?", "Hey! What's new with you?");

    /** Up to {@link AssistConfig#SUGGESTIONS} distinct suggestions for the newest messages. */
    List<String> suggest(List<ContextMessage> recent, List<String> ownFrequent) {
        List<String> rules = rulesFor(recent);
        Set<String> out = new LinkedHashSet<>(rules.subList(0, Math.min(rules.size(), AssistConfig.SUGGESTIONS - 1)));
        for (String own : ownFrequent) {
            if (out.size() >= AssistConfig.SUGGESTIONS) break;
            if (!containsIgnoringCase(out, own)) out.add(own.strip());
        }
        for (String r : rules) {
            if (out.size() >= AssistConfig.SUGGESTIONS) break;
            out.add(r);
        }
        return new ArrayList<>(out);
    }

    static List<String> rulesFor(List<ContextMessage> recent) {
        if (recent.isEmpty()) return OPENERS.subList(0, 3);
        ContextMessage last = recent.getLast();
        if (last.mine()) return List.of("Any news?", "Just checking in 🙂", "No rush!");
        String t = last.text().strip().toLowerCase(Locale.ROOT);
        if (HOW_ARE_YOU.matcher(t).matches()) return List.of("Good, thanks! And you?", "All good here 🙂 You?", "Busy but fine! How about you?");
        if (THANKS.matcher(t).matches()) return List.of("You're welcome!", "Any time!", "No problem 🙂");
        if (SORRY.matcher(t).matches()) return List.of("No worries!", "It's fine, really.", "Don't worry about it 🙂");
        if (BYE.matcher(t).matches()) return List.of("Bye! Talk soon.", "See you!", "Take care!");
        if (t.endsWith("?") && OPEN_QUESTION.matcher(t).matches()) {
            return List.of("Let me check and get back to you.", "Good question, I'm not sure yet.", "I'll let you know soon.");
        }
        if (t.endsWith("?") || YES_NO.matcher(t).matches() && t.matches(".*\\b(you|u)\\b.*")) return List.of("Yes!", "No, sorry.", "Let me check and get back to you.");
        if (GREETING.matcher(t).matches()) return List.of("Hi! How are you?", "Hey 👋", "Hello! Good to hear from you.");
        return List.of("Sounds good!", "👍", "Okay, thanks!");
    }

    private static boolean containsIgnoringCase(Set<String> set, String s) {
        return set.stream().anyMatch(x -> x.equalsIgnoreCase(s.strip()));
    }
}
