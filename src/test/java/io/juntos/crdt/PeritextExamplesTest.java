package io.juntos.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The concurrent formatting examples of the Peritext paper (Litt et al., CSCW 2022). */
class PeritextExamplesTest {
    private static final Map<String, Object> BOLD = Map.of("bold", true);
    private static final Map<String, Object> NONE = Map.of();

    private static TextDoc[] pair(String text) {
        TextDoc a = new TextDoc(1);
        TextDoc b = new TextDoc(2);
        a.insert(0, text);
        Replicas.sync(a, b);
        return new TextDoc[]{a, b};
    }

    @Test
    void concurrentInsertionInsideAFormattedSpanTakesItsFormat() {
        TextDoc[] d = pair("The fox jumped.");
        d[0].format(0, 14, MarkType.BOLD, "true");
        d[1].insert(4, "brown ");
        Replicas.sync(d[0], d[1]);
        assertThat(d[0].spans()).isEqualTo(d[1].spans()).containsExactly(
                new Span("The brown fox jumped", BOLD), new Span(".", NONE));
    }

    @Test
    void concurrentOverlappingBoldAndItalicCombine() {
        TextDoc[] d = pair("The quick fox jumped");
        d[0].format(0, 13, MarkType.BOLD, "true");
        d[1].format(4, 16, MarkType.ITALIC, "true");
        Replicas.sync(d[0], d[1]);
        assertThat(d[0].spans()).isEqualTo(d[1].spans()).containsExactly(
                new Span("The ", BOLD),
                new Span("quick fox", Map.of("bold", true, "italic", true)),
                new Span(" jumped", Map.of("italic", true)));
    }

    @Test
    void concurrentBoldAndUnboldOnOverlappingRangesConvergeByLastWriter() {
        TextDoc[] d = pair("The fox jumped");
        d[0].format(0, 14, MarkType.BOLD, "true");
        Replicas.sync(d[0], d[1]);
        d[0].format(0, 7, MarkType.BOLD, null);
        d[1].format(4, 10, MarkType.BOLD, "true");
        Replicas.sync(d[0], d[1]);
        List<Span> spans = d[0].spans();
        assertThat(d[1].spans()).isEqualTo(spans);
        // Equal lamport clocks: the higher replica id (b, the re-bold) wins on the overlap "fox".
        assertThat(spans).containsExactly(new Span("The ", NONE), new Span("fox jumped", BOLD));
    }

    @Test
    void typingAtTheEndOfABoldSpanIsBold() {
        TextDoc[] d = pair("The fox");
        d[0].format(4, 3, MarkType.BOLD, "true");
        d[0].insert(7, " jumped");
        assertThat(d[0].spans()).containsExactly(new Span("The ", NONE), new Span("fox jumped", BOLD));
    }

    @Test
    void concurrentTypingAtTheEndOfABoldSpanIsBold() {
        TextDoc[] d = pair("The fox!");
        d[0].format(4, 3, MarkType.BOLD, "true");
        d[1].insert(7, " jumped");
        Replicas.sync(d[0], d[1]);
        assertThat(d[0].spans()).isEqualTo(d[1].spans()).containsExactly(
                new Span("The ", NONE), new Span("fox jumped", BOLD), new Span("!", NONE));
    }

    @Test
    void typingAtTheStartOfABoldSpanIsNotBold() {
        TextDoc[] d = pair("The fox");
        d[0].format(4, 3, MarkType.BOLD, "true");
        d[1].insert(4, "red ");
        Replicas.sync(d[0], d[1]);
        assertThat(d[0].spans()).containsExactly(new Span("The red ", NONE), new Span("fox", BOLD));
    }

    @Test
    void typingAtTheEndOfALinkIsNotLinked() {
        TextDoc[] d = pair("see docs now");
        d[0].format(4, 4, MarkType.LINK, "https://docs.test");
        d[1].insert(8, "!");
        d[0].insert(8, "?");
        Replicas.sync(d[0], d[1]);
        List<Span> spans = d[0].spans();
        assertThat(d[1].spans()).isEqualTo(spans);
        assertThat(spans.get(1)).isEqualTo(new Span("docs", Map.of("link", "https://docs.test")));
        assertThat(spans.get(2).marks()).isEmpty();
    }

    @Test
    void concurrentLinksOnTheSameTextKeepOneUrl() {
        TextDoc[] d = pair("fox");
        d[0].format(0, 3, MarkType.LINK, "https://a.test");
        d[1].format(0, 3, MarkType.LINK, "https://b.test");
        Replicas.sync(d[0], d[1]);
        assertThat(d[0].spans()).isEqualTo(d[1].spans()).containsExactly(new Span("fox", Map.of("link", "https://b.test")));
    }

    @Test
    void formattingSurvivesDeletionInsideTheSpanAndSnapshots() {
        TextDoc[] d = pair("abcdef");
        d[0].format(1, 4, MarkType.STRIKETHROUGH, "true");
        d[1].delete(2, 2);
        Replicas.sync(d[0], d[1]);
        TextDoc loaded = TextDoc.fromSnapshot(3, d[0].encodeSnapshot());
        assertThat(loaded.spans()).isEqualTo(d[0].spans()).containsExactly(
                new Span("a", NONE), new Span("be", Map.of("strikethrough", true)), new Span("f", NONE));
    }
}
