package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's display rules (js/format.js), run in Chromium: day separators, initials, sizes. */
class FormatBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite();
    private static Page page;

    @BeforeAll
    static void start() {
        BrowserContext ctx = web.context();
        page = web.page(ctx, "format");
        page.navigate("/api.html");
    }

    @SuppressWarnings("unchecked")
    private static List<String> eval(String body) {
        return (List<String>) page.evaluate("async () => { const f = await import('/js/format.js'); " + body + " }");
    }

    @Test
    void daySeparatorsSayTodayYesterdayThenWeekdayOrDate() {
        List<String> days = eval("""
                const now = new Date(); const d = (n) => { const x = new Date(now); x.setDate(now.getDate() - n); return x; };
                return [f.formatDay(now), f.formatDay(d(1)), f.formatDay(d(3)), f.formatDay(new Date(2020, 0, 15))];
                """);
        assertThat(days.get(0)).isEqualTo("Today");
        assertThat(days.get(1)).isEqualTo("Yesterday");
        assertThat(days.get(2)).matches("(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\w+ \\d+");
        assertThat(days.get(3)).isEqualTo("January 15, 2020");
    }

    @Test
    void initialsIgnoreMarkupAndPunctuationAndSizesAreHuman() {
        List<String> out = eval("""
                return [f.initials('Ana <b>Lima</b>'), f.initials('  joão   da silva '), f.initials(''), f.initials('@@ 42'),
                        f.formatBytes(512), f.formatBytes(7680), f.formatBytes(5 * 1024 * 1024)];
                """);
        assertThat(out).containsExactly("AL", "JS", "?", "4", "512 B", "7.5 KB", "5.0 MB");
    }
}
