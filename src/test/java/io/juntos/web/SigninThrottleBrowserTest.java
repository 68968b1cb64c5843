package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Sign-in throttling as the user sees it. A server of its own: the throttle also counts failures
 * per address, and every browser test signs in from 127.0.0.1.
 */
class SigninThrottleBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("account");

    @Test
    void repeatedWrongPasswordsAreThrottledAndTheScreenSaysHowLongToWait() {
        People.Person zoe = People.create(web.api(), "Zoe Almeida");
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "zoe");
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
        web.shots(page, "12-signin-throttled");
        web.assertClean();
        ctx.close();
    }
}
