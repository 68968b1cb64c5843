package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silent renewal with short-lived access tokens (3 s): an expired token is refreshed once and the
 * request retried; two tabs of one profile renew the same session without ever presenting a
 * rotated refresh cookie (which the server treats as theft and answers by revoking the session).
 */
class SessionBrowserTest {
    static final io.juntos.testing.TestClock clock = io.juntos.testing.TestClock.ticking();
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("session").env("JUNTOS_ACCESS_TOKEN_TTL", "3s").clock(clock);

    @Test
    void expiredAccessTokenIsRefreshedOnceAndTheRequestRetried() throws InterruptedException {
        People.Person eva = People.create(web.api(), "Eva Martins");
        BrowserContext ctx = web.context();
        // Fake timers, paused later: like a laptop lid closed, the app gets no chance to renew early.
        ctx.clock().install();
        Page page = web.page(ctx, "eva");
        People.signIn(page, eva);
        List<String> calls = new CopyOnWriteArrayList<>();
        page.onResponse(r -> {
            if (r.url().contains("/api/")) calls.add(r.request().method() + " " + r.url().replaceFirst("^https?://[^/]+", "") + " " + r.status());
        });
        pauseClockNow(page);
        clock.advance(java.time.Duration.ofMillis(3_500)); // the server now sees the access token as expired

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
        assertThat(page.locator("[data-testid=profile-name]")).hasText("Eva Martins");
        assertThat(page.locator("[data-testid=sessions] li[data-current=true]")).hasCount(1);
        // The name shows from the session's cached user at once; the retried profile request may still be in flight
        // (the profile page makes three calls in parallel since it lists linked accounts).
        page.waitForCondition(() -> calls.contains("GET /api/profile 200"));
        assertThat(calls).contains("GET /api/profile 401", "POST /api/auth/refresh 200", "GET /api/profile 200");
        assertThat(calls.stream().filter(c -> c.startsWith("POST /api/auth/refresh"))).hasSize(1);
        page.clock().resume();
        ctx.close();
    }

    /**
     * Pauses the page's fake clock a moment from now. On a loaded machine the round trip can take
     * longer than that moment (Playwright refuses to pause in the past): try again from the new now.
     */
    private static void pauseClockNow(Page page) {
        for (int attempt = 0; ; attempt++) {
            try {
                page.clock().pauseAt(((Number) page.evaluate("Date.now()")).longValue() + 100L * (attempt + 1));
                return;
            } catch (com.microsoft.playwright.PlaywrightException e) {
                if (attempt == 4 || !String.valueOf(e.getMessage()).contains("fast-forward to the past")) throw e;
            }
        }
    }

    @Test
    void twoTabsRenewOneSessionWithoutTrippingReuseDetection() {
        People.Person leo = People.create(web.api(), "Leo Duarte");
        BrowserContext ctx = web.context();
        Page one = web.page(ctx, "tab1");
        People.signIn(one, leo);
        Page two = web.page(ctx, "tab2");
        two.navigate("/#/profile");
        assertThat(two.locator("[data-testid=profile-name]")).hasText("Leo Duarte");
        AtomicInteger refreshes = new AtomicInteger();
        List<Integer> refreshStatuses = new CopyOnWriteArrayList<>();
        for (Page p : List.of(one, two)) {
            p.onResponse(r -> {
                if (r.url().endsWith("/api/auth/refresh")) {
                    refreshes.incrementAndGet();
                    refreshStatuses.add(r.status());
                }
            });
        }
        AtomicInteger inFlight = new AtomicInteger();
        for (Page p : List.of(one, two)) {
            p.onRequest(r -> { if (r.url().endsWith("/api/auth/refresh")) inFlight.incrementAndGet(); });
            p.onRequestFinished(r -> { if (r.url().endsWith("/api/auth/refresh")) inFlight.decrementAndGet(); });
            p.onRequestFailed(r -> { if (r.url().endsWith("/api/auth/refresh")) inFlight.decrementAndGet(); });
        }
        // Both tabs renew on their own timers (every ~2 s) while each reloads in turn, thrice: the
        // reloaded tab restores its session through the cookie while the other keeps renewing.
        // A reload that aborts a refresh in flight loses the rotated cookie, and presenting the old
        // one again is re-use by design (RFC 9700, no grace window), so reloads wait those out.
        for (int i = 0; i < 3; i++) {
            for (Page p : List.of(one, two)) {
                for (int wait = 0; wait < 100 && inFlight.get() > 0; wait++) p.waitForTimeout(20);
                p.reload();
                p.navigate("/#/profile");
                assertThat(p.locator("[data-testid=profile-name]")).hasText("Leo Duarte");
            }
            one.waitForTimeout(1_000);
        }
        one.navigate("/#/profile");
        assertThat(one.locator("[data-testid=profile-name]")).hasText("Leo Duarte");
        assertThat(two.locator("[data-testid=profile-name]")).hasText("Leo Duarte");
        assertThat(refreshes.get()).as("renewals happened").isGreaterThanOrEqualTo(4);
        assertThat(refreshStatuses).as("every refresh succeeded").containsOnly(200);
        // One browser session (plus the API's sign-up session), and no token reuse was ever seen.
        assertThat(one.locator("[data-testid=sessions] li[data-session]")).hasCount(2);
        // A fresh token: the sign-up one has long expired with this server's short lifetime.
        String fresh = web.api().post("/api/auth/signin", java.util.Map.of("login", leo.username(), "password", leo.password()))
                .json().path("accessToken").asText();
        var activity = web.api().as(fresh).get("/api/activity?limit=100");
        assertThat(activity.status()).isEqualTo(200);
        assertThat(activity.body()).contains("auth.signin").doesNotContain("refresh_reuse_detected");
        ctx.close();
    }

    @Test
    void sessionRevokedFromAnotherDeviceSendsThisTabToSignIn() {
        People.Person ivo = People.create(web.api(), "Ivo Ramos");
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "ivo");
        People.signIn(page, ivo);
        assertThat(page.locator(".conn")).isHidden(); // connected to the gateway
        // A fresh token (the class's tokens live 3 s, and a loaded machine can take longer than that
        // to get here); the browser's session is the one signed in from Chrome.
        var fresh = web.api().post("/api/auth/signin", java.util.Map.of("login", ivo.username(), "password", ivo.password()));
        var api = web.api().as(fresh.json().path("accessToken").asText());
        String browserSession = null;
        for (var s : api.get("/api/auth/sessions").json().path("sessions")) {
            if (!s.path("current").asBoolean() && s.path("device").asText().contains("Chrome")) browserSession = s.path("id").asText();
        }
        assertThat(browserSession).isNotNull();
        assertThat(api.delete("/api/auth/sessions/" + browserSession).status()).isEqualTo(204);
        // The server closes the socket with "session revoked"; the tab goes to sign-in at once.
        assertThat(page).hasURL(java.util.regex.Pattern.compile("#/signin"));
        assertThat(page.locator(".toast.error")).containsText("Your session has ended");
        web.shots(page, "01-revoked-elsewhere");
        ctx.close();
    }
}
