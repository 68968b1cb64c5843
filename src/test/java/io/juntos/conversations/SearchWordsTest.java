package io.juntos.conversations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** User input never reaches full-text query syntax: it becomes plain words. */
class SearchWordsTest {

    @Test
    void keepsLettersAndDigitsInAnyScriptAndDropsOperators() {
        assertThat(SearchIndex.words("\"zebra\") OR fish* NEAR(a b) -x")).containsExactly("zebra", "or", "fish", "near", "a", "b", "x");
        assertThat(SearchIndex.words("Café 東京 42")).containsExactly("café", "東京", "42");
    }

    @Test
    void punctuationAloneIsNoQuery() {
        assertThat(SearchIndex.words("\")* :^")).isEmpty();
        assertThat(SearchIndex.words(null)).isEmpty();
    }

    @Test
    void atMostTenWords() {
        assertThat(SearchIndex.words("a b c d e f g h i j k l")).hasSize(10);
    }
}
