package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Sign-in throttling as the user sees it. A server of its own: the throttle also counts failures
 * per address, and every browser test signs in from 127.0.0.1.
 */
class SigninThrottleBrowserTest {
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
    void repeatedWrongPasswordsAreThrottledAndTheScreenSaysHowLongToWait() {
        People.Person zoe = People.create(server.api(), "Zoe Almeida");
        BrowserContext ctx = browsers.context(server.baseUrl());
        Page page = browsers.page(ctx, "zoe");
        page.navigate("/#/signin");
        page.getByLabel("Username or email", new Page.GetByLabelOptions().setExact(true)).fill(zoe.username());
        Locator password = page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true));
        Locator banner = page.locator("form .banner");
        for (int i = 0; i < 8 && !banner.textContent().contains("Too many attempts"); i++) {
            password.fill("wrong password " + i);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
            assertThat(banner).not().isEmpty();
        }
        assertThat(banner).containsText(Pattern.compile("Too many attempts\\. Try again in \\d+ (seconds|minutes)\\."));
        Browsers.shots(page, "account", "12-signin-throttled");
        browsers.assertClean();
        ctx.close();
    }
}
