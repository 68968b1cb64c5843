package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's CSP is enforced in the browser and the tests' watcher reports violations: an
 * inline style attribute and an inline script are refused and show up as problems, while
 * CSSOM styling (what the client uses for dynamic sizes) is allowed.
 */
class CspWatchBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite();

    @Test
    void inlineStyleAndScriptAreRefusedAndReportedWhileCssomStylingIsAllowed() {
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "csp");
        page.navigate("/#/signin");
        page.getByLabel("Username or email").waitFor();
        assertThat(web.drainProblems()).isEmpty();

        Object cssom = page.evaluate("() => { const d = document.createElement('div'); d.style.width = '123px'; document.body.append(d); return getComputedStyle(d).width; }");
        assertThat(cssom).isEqualTo("123px");
        assertThat(web.drainProblems()).isEmpty();

        page.evaluate("() => { const d = document.createElement('div'); d.setAttribute('style', 'width: 77px'); document.body.append(d);"
                + " const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.append(s); }");
        page.waitForTimeout(300);
        assertThat(page.evaluate("() => window.ran === true")).isEqualTo(false);
        assertThat(web.drainProblems()).anyMatch(p -> p.contains("style-src")).anyMatch(p -> p.contains("script-src"));
        ctx.close();
    }
}
