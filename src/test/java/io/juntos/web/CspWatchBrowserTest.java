package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's CSP is enforced in the browser and the tests' watcher reports violations: an
 * inline style attribute and an inline script are refused and show up as problems, while
 * CSSOM styling (what the client uses for dynamic sizes) is allowed.
 */
class CspWatchBrowserTest {
    private static Browsers browsers;
    private static TestServer server;

    @BeforeAll
    static void start() {
        browsers = Browsers.launch();
        server = TestServer.start(Engine.SQLITE, Browsers.serverEnv(Browsers.freePort()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (browsers != null) browsers.close();
    }

    @Test
    void inlineStyleAndScriptAreRefusedAndReportedWhileCssomStylingIsAllowed() {
        BrowserContext ctx = browsers.context(server.baseUrl());
        Page page = browsers.page(ctx, "csp");
        page.navigate("/#/signin");
        page.getByLabel("Username or email").waitFor();
        assertThat(browsers.drainProblems()).isEmpty();

        Object cssom = page.evaluate("() => { const d = document.createElement('div'); d.style.width = '123px'; document.body.append(d); return getComputedStyle(d).width; }");
        assertThat(cssom).isEqualTo("123px");
        assertThat(browsers.drainProblems()).isEmpty();

        page.evaluate("() => { const d = document.createElement('div'); d.setAttribute('style', 'width: 77px'); document.body.append(d);"
                + " const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.append(s); }");
        page.waitForTimeout(300);
        assertThat(page.evaluate("() => window.ran === true")).isEqualTo(false);
        assertThat(browsers.drainProblems()).anyMatch(p -> p.contains("style-src")).anyMatch(p -> p.contains("script-src"));
        ctx.close();
    }
}
