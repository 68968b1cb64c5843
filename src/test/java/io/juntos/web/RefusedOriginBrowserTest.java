package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator allowed another origin than the one the browser opened: the refresh is refused with
 * 403 origin_not_allowed. The app says why (the origin and the setting to change), once, and goes
 * to sign-in; it does not loop on "Your session has ended".
 */
class RefusedOriginBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("refusedorigin")
            .env("JUNTOS_ALLOWED_ORIGINS", "https://chat.example.org").env("JUNTOS_ACCESS_TOKEN_TTL", "3s");

    @Test
    void refusedOriginShowsTheReasonOnceInsteadOfSessionEnded() {
        People.Person ugo = People.create(web.api(), "Ugo Reis");
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "ugo");
        List<Integer> refreshes = new CopyOnWriteArrayList<>();
        page.onResponse(r -> { if (r.url().endsWith("/api/auth/refresh")) refreshes.add(r.status()); });
        page.navigate("/#/signin");
        page.getByLabel("Username or email", new Page.GetByLabelOptions().setExact(true)).fill(ugo.username());
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(ugo.password());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        // The first renewal (about two seconds on) is refused for the origin: the reason, not "session ended".
        var reason = page.locator(".toast.error", new Page.LocatorOptions().setHasText("does not accept"));
        assertThat(reason).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        assertThat(reason).containsText(web.server().baseUrl());
        assertThat(reason).containsText("JUNTOS_ALLOWED_ORIGINS");
        assertThat(page.locator(".toast", new Page.LocatorOptions().setHasText("Your session has ended"))).hasCount(0);
        assertThat(page).hasURL(Pattern.compile("#/signin"));
        web.shots(page, "01-reason");
        assertThat(page.locator(".toast.error")).hasCount(1);
        // No loop: a reload boots the app to its sign-in form (the sentinel) without trying the cookie again.
        page.reload();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Welcome back"))).isVisible();
        assertThat(refreshes).containsExactly(403);
        web.drainProblems(); // the refused refresh and socket are expected console errors here
        ctx.close();
    }
}
