package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.juntos.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The account journey in a real browser: sign up, out, in, profile, password, sessions, activity. */
class AccountFlowBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("account");

    private static Locator label(Page page, String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator toast(Page page, String text) {
        return page.locator(".toast", new Page.LocatorOptions().setHasText(text));
    }

    @Test
    void signUpSignOutSignInEditProfileChangePasswordAndRevokeSessions() {
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "ana");
        String username = "ana" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String password = "correct horse battery " + username;

        // Sign up
        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile("#/signin$"));
        page.getByText("Create an account").click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Create your account"))).isVisible();
        web.shots(page, "01-signup");
        label(page, "Full name").fill("Ana <b>Lima</b>");
        label(page, "Username").fill("x");
        label(page, "Email").fill(username + "@example.org");
        label(page, "Password").fill(password);
        button(page, "Create account").click();
        // The server's field error shows next to the username field, not as a generic toast.
        assertThat(page.locator("[data-error-for=username]")).not().isEmpty();
        assertThat(label(page, "Username")).hasAttribute("aria-invalid", "true");
        web.shots(page, "02-signup-error");
        label(page, "Username").fill(username);
        button(page, "Create account").click();
        assertThat(page).hasURL(Pattern.compile("#/chats$"));
        web.shots(page, "03-home");

        // The access token is in memory only.
        String stored = (String) page.evaluate("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        assertThat(stored).doesNotContain("eyJ").doesNotContain("juntos_refresh");

        // Sign out, then a wrong password, then sign in
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
        button(page, "Sign out").first().click();
        assertThat(page).hasURL(Pattern.compile("#/signin"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Welcome back"))).isVisible();
        label(page, "Username or email").fill(username);
        label(page, "Password").fill("not the password");
        button(page, "Sign in").click();
        assertThat(page.locator("form .banner")).containsText(Pattern.compile("\\S"));
        web.shots(page, "04-signin-error");
        label(page, "Password").fill(password);
        button(page, "Sign in").click();
        assertThat(page).hasURL(Pattern.compile("#/chats$"));

        // A second session for the same account, to see in the list and revoke
        Api.Res other = web.api().post("/api/auth/signin", Map.of("login", username, "password", password));
        assertThat(other.status()).isEqualTo(200);

        // Profile: user text is shown as text, never as markup
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
        assertThat(page.locator("[data-testid=profile-name]")).hasText("Ana <b>Lima</b>");
        assertThat(page.locator("[data-testid=profile-name] b")).hasCount(0);
        Locator sessions = page.locator("[data-testid=sessions] li[data-session]");
        assertThat(sessions).hasCount(2);
        assertThat(page.locator("[data-testid=sessions] li[data-current=true]")).containsText("This device");
        web.shots(page, "05-profile");
        web.shots(page, "06-sessions", page.locator("[data-testid=sessions]"));
        page.locator("[data-testid=sessions] li[data-current=false]").getByRole(AriaRole.BUTTON).click();
        assertThat(sessions).hasCount(1);
        assertThat(web.api().post("/api/auth/refresh", Map.of("refreshToken", other.json().path("refreshToken").asText())).status())
                .isEqualTo(401);

        // Edit profile, and it survives a reload (session restored from the refresh cookie)
        label(page, "Full name").fill("Ana Lima");
        label(page, "Bio").fill("Plays bass. Loves long calls.");
        button(page, "Save changes").click();
        assertThat(toast(page, "Profile saved.")).isVisible();
        assertThat(page.locator("[data-testid=profile-name]")).hasText("Ana Lima");
        page.reload();
        assertThat(page).hasURL(Pattern.compile("#/profile$"));
        assertThat(page.locator("[data-testid=profile-name]")).hasText("Ana Lima");
        assertThat(label(page, "Bio")).hasValue("Plays bass. Loves long calls.");

        // Change password: the wrong current password is reported at that field
        label(page, "Current password").fill("definitely wrong");
        label(page, "New password").fill("a brand new passphrase");
        button(page, "Change password").click();
        Locator currentError = page.locator("[data-error-for=current]");
        assertThat(currentError).not().isEmpty();
        assertThat(label(page, "Current password")).hasAttribute("aria-invalid", "true");
        web.shots(page, "07-password-error", currentError);
        label(page, "Current password").fill(password);
        button(page, "Change password").click();
        assertThat(toast(page, "Password changed")).isVisible();
        assertThat(currentError).isEmpty();

        // Activity log lists what happened; it is reached from the profile, not the main navigation
        assertThat(page.locator("nav.rail [data-nav=activity]")).hasCount(0);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Activity log"))).click();
        Locator activity = page.locator("[data-testid=activity]");
        assertThat(activity.locator("[data-kind='auth.password_changed']")).hasCount(1);
        assertThat(activity.locator("[data-kind='auth.signin']").first()).isVisible();
        assertThat(activity.locator("[data-kind='account.created']")).hasCount(1);
        web.shots(page, "08-activity");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
        web.shots(page, "08b-activity-dark");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
        assertThat(page.locator("[data-testid=profile-name]")).hasText("Ana Lima");
        web.shots(page, "08c-profile-dark");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.LIGHT));

        // Sign out and in with the new password
        button(page, "Sign out").first().click();
        assertThat(page).hasURL(Pattern.compile("#/signin"));
        label(page, "Username or email").fill(username);
        label(page, "Password").fill("a brand new passphrase");
        button(page, "Sign in").click();
        assertThat(page).hasURL(Pattern.compile("#/chats$"));
        web.shots(page, "09-signin", null);

        web.assertClean();
        ctx.close();
    }

    @Test
    void apiReferenceShowsEndpointsGroupedByTagWithSchemas() {
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "docs");
        page.navigate("/api.html");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Juntos API"))).isVisible();
        Locator auth = page.locator("#tag-auth");
        Locator signin = auth.locator(".op", new Locator.LocatorOptions().setHasText("/api/auth/signin"));
        assertThat(signin.locator(".method")).hasText("POST");
        assertThat(signin.locator(".prop-name", new Locator.LocatorOptions().setHasText("login"))).isVisible();
        assertThat(signin.locator(".responses")).containsText("429");
        assertThat(page.locator("#tag-profile .op")).not().hasCount(0);
        web.shots(page, "10-api-docs");
        page.getByLabel("Filter endpoints").fill("profile/password"); // "password" alone also finds the linked-accounts routes
        assertThat(page.locator(".op:visible")).hasCount(1);
        assertThat(page.locator(".op:visible .op-path")).hasText("/api/profile/password");
        web.shots(page, "11-api-docs-filtered");
        web.assertClean();
        ctx.close();
    }
}
