package io.juntos.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.juntos.testing.Services;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Playwright and one headless Debian Chromium per test class. Every page it opens is watched:
 * console errors, uncaught exceptions and CSP violations are collected and {@link #assertClean()}
 * fails the test on any of them. The only tolerated console errors are the browser's own
 * "Failed to load resource" lines for API calls answered with an expected 4xx problem.
 */
final class Browsers implements AutoCloseable {
    static final int PHONE = 390;
    static final int DESKTOP = 1280;
    private static final Path SHOTS = Paths.get("target", "screenshots");
    private static final Pattern EXPECTED_API_4XX = Pattern.compile("Failed to load resource: the server responded with a status of 4\\d\\d.*");
    private static final String CSP_WATCH = """
            document.addEventListener('securitypolicyviolation', (e) =>
              console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """;

    private final Playwright playwright;
    private final Browser browser;
    private final List<String> problems = new ArrayList<>();

    private Browsers(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Browsers launch() {
        Services.requireChromium();
        Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser b = pw.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(Services.CHROMIUM)).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
        return new Browsers(pw, b);
    }

    /** A free TCP port for a server whose public URL must be known before it starts. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The extra environment for a TestServer that browsers reach at http://127.0.0.1:port. */
    static Map<String, String> serverEnv(int port) {
        String origin = "http://127.0.0.1:" + port;
        return Map.of("JUNTOS_PORT", Integer.toString(port), "JUNTOS_PUBLIC_URL", origin, "JUNTOS_ALLOWED_ORIGINS", origin);
    }

    /** A fresh browser profile (its own cookies) with a desktop viewport. */
    BrowserContext context(String baseUrl) {
        BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl)
                .setViewportSize(DESKTOP, 800).setLocale("en-US").setTimezoneId("UTC"));
        ctx.setDefaultTimeout(10_000);
        ctx.addInitScript(CSP_WATCH);
        return ctx;
    }

    /** A watched page in the context. */
    Page page(BrowserContext ctx, String who) {
        Page page = ctx.newPage();
        page.onConsoleMessage(m -> {
            if (!"error".equals(m.type())) return;
            boolean expected = EXPECTED_API_4XX.matcher(m.text()).matches() && m.location() != null && m.location().contains("/api/");
            if (!expected) record(who + " console error: " + m.text() + " (" + m.location() + ")");
        });
        page.onPageError(e -> record(who + " uncaught: " + e));
        page.onRequestFailed(r -> {
            String failure = r.failure();
            // Aborted requests are navigations and closed sockets, not bugs.
            if (failure != null && !failure.contains("ERR_ABORTED")) record(who + " request failed: " + r.url() + " " + failure);
        });
        return page;
    }

    private synchronized void record(String problem) {
        problems.add(problem);
    }

    /** What was collected so far, and forgets it (for tests of the watcher itself). */
    synchronized List<String> drainProblems() {
        List<String> out = List.copyOf(problems);
        problems.clear();
        return out;
    }

    synchronized void assertClean() {
        assertThat(problems).as("console errors, uncaught exceptions and CSP violations").isEmpty();
    }

    /** Screenshots the page at phone and desktop widths: target/screenshots/<test>-<step>-<width>.png. */
    static void shots(Page page, String test, String step) {
        shots(page, test, step, null);
    }

    /** As {@link #shots(Page, String, String)}, scrolling {@code focus} into view first at each width. */
    static void shots(Page page, String test, String step, Locator focus) {
        var original = page.viewportSize();
        for (int width : new int[] {PHONE, DESKTOP}) {
            page.setViewportSize(width, width == PHONE ? 844 : 800);
            page.waitForTimeout(150);
            if (focus != null) focus.scrollIntoViewIfNeeded();
            shot(page, test, step, width);
        }
        page.setViewportSize(original.width, original.height);
    }

    static void shot(Page page, String test, String step, int width) {
        shot(page, test, step, width, true);
    }

    static void shot(Page page, String test, String step, int width, boolean resetHover) {
        if (resetHover) page.mouse().move(1, 1); // no hover effects left over from the last click
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(test + "-" + step + "-" + width + ".png"))
                .setAnimations(com.microsoft.playwright.options.ScreenshotAnimations.DISABLED));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
