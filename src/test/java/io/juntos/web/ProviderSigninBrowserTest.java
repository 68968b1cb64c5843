package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Provider sign-in in Chromium against an in-process OpenID Connect provider with an interactive
 * login page: the Google and Facebook presets are pointed at it (their issuer and endpoints
 * overridden), so the buttons, the redirects and the cookies are the real ones.
 */
class ProviderSigninBrowserTest {
    private static final MockOAuth2Server idp = startProvider();

    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("providers")
            .env("JUNTOS_OIDC_GOOGLE_ISSUER", idp.issuerUrl("google").toString())
            .env("JUNTOS_OIDC_GOOGLE_CLIENT_ID", "juntos").env("JUNTOS_OIDC_GOOGLE_CLIENT_SECRET", "google-secret")
            .env("JUNTOS_OIDC_FACEBOOK_AUTHORIZATION_URL", idp.authorizationEndpointUrl("facebook").toString())
            .env("JUNTOS_OIDC_FACEBOOK_TOKEN_URL", idp.tokenEndpointUrl("facebook").toString())
            .env("JUNTOS_OIDC_FACEBOOK_USERINFO_URL", idp.userInfoUrl("facebook").toString())
            .env("JUNTOS_OIDC_FACEBOOK_CLIENT_ID", "juntos").env("JUNTOS_OIDC_FACEBOOK_CLIENT_SECRET", "facebook-secret")
            // The test provider parses every authorization request as OpenID Connect, which needs "openid".
            .env("JUNTOS_OIDC_FACEBOOK_SCOPES", "openid email");

    /** Started before the harness, which needs its URLs for the server's settings. */
    private static MockOAuth2Server startProvider() {
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true));
        server.start();
        io.juntos.oidc.OidcTestProvider.warmUp(server, "google", "facebook");
        return server;
    }

    @AfterAll
    static void stopProvider() {
        try {
            idp.shutdown();
        } catch (RuntimeException e) {
            System.err.println("mock provider did not stop cleanly: " + e.getMessage()); // its worker queue; the port is closed
        }
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** The provider's own login page: any subject, optional claims as JSON. */
    private static void loginAtProvider(Page page, String subject, String claimsJson) {
        page.locator("input[name=username]").waitFor(new Locator.WaitForOptions().setTimeout(20_000));
        page.locator("input[name=username]").fill(subject);
        page.locator("textarea[name=claims]").fill(claimsJson);
        page.locator("input[type=submit]").click();
    }

    /** A context whose provider login page does not wait for its web font (there is no internet here). */
    private static BrowserContext context() {
        BrowserContext ctx = web.context();
        ctx.route(Pattern.compile("fonts\\.googleapis\\.com"), r -> r.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setStatus(200).setContentType("text/css").setBody("")));
        return ctx;
    }

    @Test
    void clickingAProviderButtonGoesThroughItsLoginPageAndLandsSignedIn() {
        BrowserContext ctx = context();
        Page page = web.page(ctx, "lucia");
        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile("#/signin$"));
        assertThat(button(page, "Continue with Google")).isVisible();
        assertThat(button(page, "Continue with Facebook")).isVisible();
        web.shots(page, "01-signin-with-providers");

        button(page, "Continue with Google").click();
        loginAtProvider(page, "google-lucia-1", """
                {"name": "Lucía Fernández", "preferred_username": "lucia", "email": "lucia@gmail.example", "email_verified": true}""");
        assertThat(page).hasURL(Pattern.compile("#/chats$"));

        page.navigate("/#/profile");
        Locator linked = page.locator("[data-testid=linked-accounts]");
        assertThat(linked.locator("[data-provider=google][data-linked=true]")).isVisible();
        assertThat(linked.locator("[data-provider=google]")).containsText("lucia@gmail.example");
        assertThat(page.getByTestId("profile-name")).hasText("Lucía Fernández");
        // A provider-only account: its only credential cannot be unlinked, and it may set a password.
        assertThat(button(page, "Unlink Google")).isDisabled();
        assertThat(button(page, "Set password")).isVisible();

        button(page, "Link Facebook").click();
        loginAtProvider(page, "fb-lucia-1", "{\"name\": \"Lucia F\"}");
        assertThat(page).hasURL(Pattern.compile("#/profile\\?linked=facebook$"));
        assertThat(linked.locator("[data-provider=facebook][data-linked=true]")).isVisible();
        assertThat(button(page, "Unlink Google")).isEnabled();
        page.locator(".toast").first().waitFor();
        web.shots(page, "02-profile-linked-accounts", linked);

        // Signed out, Facebook now signs in to the same account.
        page.navigate("/#/profile");
        page.locator("[data-action=signout-page]").click();
        assertThat(page).hasURL(Pattern.compile("#/signin$"));
        button(page, "Continue with Facebook").click();
        loginAtProvider(page, "fb-lucia-1", "{}");
        assertThat(page).hasURL(Pattern.compile("#/chats$"));
        page.navigate("/#/profile");
        assertThat(page.getByTestId("profile-name")).hasText("Lucía Fernández");
    }

    @Test
    void aRefusedSignInIsExplainedOnTheSignInPage() {
        Page page = web.page("refused");
        page.navigate("/#/signin?oidc_error=account_exists&provider=google");
        assertThat(page.locator(".providers-wrap .banner")).containsText("Sign in with your password, then link Google from your profile");
        web.shots(page, "03-signin-account-exists");
    }
}
