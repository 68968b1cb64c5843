package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.juntos.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first run of issue 15: a server started like the README says, without JUNTOS_PUBLIC_URL or
 * JUNTOS_ALLOWED_ORIGINS, opened at http://127.0.0.1:port (not localhost). The loopback names of
 * the port are allowed by default, so a new user stays signed in across token refreshes instead of
 * being signed out by a 403 origin_not_allowed a few seconds after sign-up.
 */
class FirstRunBrowserTest {
    static final TestClock clock = TestClock.ticking();
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("firstrun").clock(clock)
            // Blank is unset: the server falls back to its own defaults, as on a first run.
            .env("JUNTOS_PUBLIC_URL", "").env("JUNTOS_ALLOWED_ORIGINS", "").env("JUNTOS_ACCESS_TOKEN_TTL", "3s");

    @Test
    void signUpAt127001AndStaySignedInPastSeveralRefreshes() {
        assertThat(web.server().baseUrl()).startsWith("http://127.0.0.1:");
        assertThat(web.server().juntos().platform().config().allowedOrigins())
                .as("the default allows every loopback name of the port")
                .contains(web.server().baseUrl(), web.server().baseUrl().replace("127.0.0.1", "localhost"),
                        web.server().baseUrl().replace("127.0.0.1", "[::1]"));
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "first");
        List<String> refreshes = new CopyOnWriteArrayList<>();
        page.onResponse(r -> { if (r.url().endsWith("/api/auth/refresh")) refreshes.add(String.valueOf(r.status())); });
        page.navigate("/");
        assertThat(page.locator("[data-testid=product-name]")).hasText("Juntos");
        page.getByText("Create an account").click();
        String username = "first" + Long.toString(System.nanoTime() % 1_000_000, 36);
        page.getByLabel("Full name", new Page.GetByLabelOptions().setExact(true)).fill("Rita Sousa");
        page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill(username);
        page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true)).fill(username + "@example.org");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("a first run pass phrase");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        assertThat(page).hasURL(Pattern.compile("#/chats$"));
        assertThat(page.locator(".conn")).isHidden(); // the socket is up: /ws accepted the origin

        // Each round moves the server past the token's lifetime; the app renews (its own timer, or
        // a 401 answered by one refresh) and goes on working.
        for (int round = 0; round < 4; round++) {
            int before = refreshes.size();
            clock.advance(Duration.ofMillis(3_500));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
            assertThat(page.locator("[data-testid=profile-name]")).hasText("Rita Sousa");
            page.waitForCondition(() -> refreshes.size() > before, new Page.WaitForConditionOptions().setTimeout(15_000));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Chats").setExact(true)).click();
            assertThat(page).hasURL(Pattern.compile("#/chats$"));
        }
        assertThat(refreshes).as("every renewal accepted").hasSizeGreaterThanOrEqualTo(4).containsOnly("200");
        assertThat(page.locator(".toast.error")).hasCount(0);
        page.reload();
        assertThat(page).hasURL(Pattern.compile("#/chats$"));
        assertThat(page.locator(".conn")).isHidden();
        web.shots(page, "01-signed-in-after-refreshes");
        ctx.close();
    }
}
