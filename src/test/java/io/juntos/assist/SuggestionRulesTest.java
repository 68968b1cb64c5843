package io.juntos.assist;

import io.juntos.conversations.ConversationReader.ContextMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts: parsing streamed model text into suggestions, and the offline rules. */
class SuggestionRulesTest {
    static ContextMessage theirs(String text) {
        return new ContextMessage("u2", false, text, Instant.EPOCH);
    }

    static ContextMessage mine(String text) {
        return new ContextMessage("u1", true, text, Instant.EPOCH);
    }

    final OfflineSuggester offline = new OfflineSuggester();

    @Test
    void parserStripsNumberingBulletsAndQuotesAndStopsAtThree() {
        List<String> updates = new ArrayList<>();
        var p = new SuggestionParser(3, (i, t) -> updates.add(i + ":" + t));
        for (String piece : List.of("1. Sure", ", see you\n", "2) \"Can't", " today\"\n\n- Maybe ", "tomorrow?\n4. extra")) p.accept(piece);
        assertThat(p.full()).isTrue();
        assertThat(p.finish()).containsExactly("Sure, see you", "Can't today", "Maybe tomorrow?");
        assertThat(updates).startsWith("0:Sure").contains("1:Can't today", "2:Maybe tomorrow?").noneMatch(u -> u.contains("extra"));
    }

    @Test
    void parserKeepsTheLastLineWithoutNewlineAndDropsDuplicates() {
        var p = new SuggestionParser(3, (i, t) -> { });
        p.accept("Yes\nyes\nYes\nOkay");
        assertThat(p.finish()).containsExactly("Yes", "yes", "Okay");
    }

    @Test
    void yesNoQuestionsGetYesNoAndLetMeCheck() {
        assertThat(offline.suggest(List.of(theirs("Are you coming tonight?")), List.of()))
                .containsExactly("Yes!", "No, sorry.", "Let me check and get back to you.");
    }

    @Test
    void openQuestionsGetLetMeCheckStyleAnswers() {
        assertThat(offline.suggest(List.of(theirs("What time is the train?")), List.of())).first().isEqualTo("Let me check and get back to you.");
    }

    @Test
    void greetingsAndThanksGetReplies() {
        assertThat(offline.suggest(List.of(theirs("Hey there")), List.of())).contains("Hi! How are you?");
        assertThat(offline.suggest(List.of(theirs("thanks a lot!")), List.of())).contains("You're welcome!");
        assertThat(offline.suggest(List.of(theirs("how are you?")), List.of())).first().isEqualTo("Good, thanks! And you?");
    }

    @Test
    void anEmptyConversationGetsOpeners() {
        assertThat(offline.suggest(List.of(), List.of())).hasSize(3).containsAnyElementsOf(OfflineSuggester.OPENERS);
    }

    @Test
    void thePersonsOwnFrequentShortReplyTakesTheThirdSlot() {
        assertThat(offline.suggest(List.of(theirs("the table is booked for 8")), List.of("on my way!", "lol")))
                .containsExactly("Sounds good!", "👍", "on my way!");
        // Not twice when a rule already offers it.
        assertThat(offline.suggest(List.of(theirs("thank you")), List.of("you're welcome!")))
                .containsExactly("You're welcome!", "Any time!", "No problem 🙂");
    }

    @Test
    void afterTheirOwnMessageItOffersFollowUps() {
        assertThat(offline.suggest(List.of(theirs("hi"), mine("are we still on?")), List.of())).contains("Any news?");
    }

    @Test
    void promptNamesNobodyAndMarksTheAsker() {
        String t = Prompt.transcript(List.of(theirs("hi"), new ContextMessage("u3", false, "yo", Instant.EPOCH), mine("hello both")));
        assertThat(t).contains("Person 1: hi", "Person 2: yo", "Me: hello both").doesNotContain("u2", "u3");
    }
}
