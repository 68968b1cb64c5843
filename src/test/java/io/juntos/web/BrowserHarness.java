package io.juntos.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ScreenshotAnimations;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.Services;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base of every browser test: a {@link TestServer} reachable at a known origin plus one
 * headless Debian Chromium (Playwright) for the test class. Register it once per class:
 * <pre>{@code
 * @RegisterExtension
 * static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("rooms").fakeMedia();
 * }</pre>
 * Every page it opens is watched: console errors, uncaught exceptions, failed requests and CSP
 * violations are collected and fail the test after it ran (tests of the watcher itself drain them
 * with {@link #drainProblems()}). The only tolerated console errors are the browser's own "Failed
 * to load resource" lines for API calls answered with an expected 4xx problem. Contexts opened
 * during a test are closed after it; those opened in {@code @BeforeAll} live with the class.
 * Screenshots go to {@code target/screenshots/<prefix>-<name>-<width>.png} at 390 and 1280 px.
 */
public final class BrowserHarness implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    public static final int PHONE = 390;
    public static final int DESKTOP = 1280;
    private static final Path SHOTS = Paths.get("target", "screenshots");
    private static final Pattern EXPECTED_API_4XX = Pattern.compile("Failed to load resource: the server responded with a status of 4\\d\\d.*");
    private static final String CSP_WATCH = """
            document.addEventListener('securitypolicyviolation', (e) =>
              console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """;
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run");
    private static final List<String> FAKE_MEDIA_ARGS = List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");

    private final Engine engine;
    private final Map<String, String> env = new HashMap<>();
    private String prefix;
    private boolean fakeMedia;
    private java.time.Clock clock = java.time.Clock.systemUTC();

    private Playwright playwright;
    private Browser browser;
    private TestServer server;
    private final List<String> problems = new ArrayList<>();
    private final List<BrowserContext> testContexts = new ArrayList<>();
    private boolean inTest;

    private BrowserHarness(Engine engine) {
        this.engine = engine;
    }

    /** A server on a SQLite file (the browser tests exercise the client, not the database). */
    public static BrowserHarness sqlite() {
        return new BrowserHarness(Engine.SQLITE);
    }

    /** One more server setting (JUNTOS_*), e.g. a short token lifetime. */
    public BrowserHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The server's clock (a {@code TestClock}), so a test jumps time ahead instead of sleeping. */
    public BrowserHarness clock(java.time.Clock clock) {
        this.clock = clock;
        return this;
    }

    /** The first part of screenshot names; defaults to the class name without "BrowserTest", lower case. */
    public BrowserHarness shotPrefix(String prefix) {
        this.prefix = prefix;
        return this;
    }

    /** Chromium answers getUserMedia with a fake camera and microphone, without asking (calls). */
    public BrowserHarness fakeMedia() {
        this.fakeMedia = true;
        return this;
    }

    // --- JUnit lifecycle -------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        Services.requireChromium();
        // Assertions wait as long as actions do (10 s): on a loaded CI machine a password hash or a
        // first module load can take longer than Playwright's default 5 s.
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
        if (prefix == null) prefix = context.getRequiredTestClass().getSimpleName().replace("BrowserTest", "").toLowerCase(Locale.ROOT);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        List<String> args = new ArrayList<>(CHROMIUM_ARGS);
        if (fakeMedia) args.addAll(FAKE_MEDIA_ARGS);
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(Services.CHROMIUM)).setHeadless(true).setArgs(args));
        int port = freePort();
        String origin = "http://127.0.0.1:" + port;
        Map<String, String> all = new HashMap<>(Map.of("JUNTOS_PORT", Integer.toString(port), "JUNTOS_PUBLIC_URL", origin,
                "JUNTOS_ALLOWED_ORIGINS", origin));
        all.putAll(env);
        server = TestServer.with(engine).env(all).clock(clock).start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        try {
            assertClean();
        } finally {
            testContexts.forEach(BrowserContext::close);
            testContexts.clear();
            drainProblems();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    // --- what tests use --------------------------------------------------------------------------

    public TestServer server() {
        return server;
    }

    public Api api() {
        return server.api();
    }

    /** A fresh browser profile (its own cookies and storage) with a desktop viewport, watched for problems. */
    public BrowserContext context() {
        BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.baseUrl())
                .setViewportSize(DESKTOP, 800).setLocale("en-US").setTimezoneId("UTC"));
        ctx.setDefaultTimeout(10_000);
        ctx.addInitScript(CSP_WATCH);
        if (inTest) testContexts.add(ctx);
        return ctx;
    }

    /** A watched page in its own new context, 1280 px wide; {@code who} names it in problem reports. */
    public Page page(String who) {
        return page(context(), who);
    }

    /** A watched page in its own new context at phone size (390 × 844). */
    public Page phonePage(String who) {
        Page page = page(who);
        page.setViewportSize(PHONE, 844);
        return page;
    }

    /** A watched page in the context (another tab of the same profile). */
    public Page page(BrowserContext ctx, String who) {
        Page page = ctx.newPage();
        page.onConsoleMessage(m -> {
            if (!"error".equals(m.type())) return;
            boolean expected = EXPECTED_API_4XX.matcher(m.text()).matches() && m.location() != null && m.location().contains("/api/");
            if (!expected && !offline(m.text())) record(who + " console error: " + m.text() + " (" + m.location() + ")");
        });
        page.onPageError(e -> record(who + " uncaught: " + e));
        page.onRequestFailed(r -> {
            String failure = r.failure();
            // Aborted requests are navigations and closed sockets, not bugs.
            if (failure != null && !failure.contains("ERR_ABORTED") && !offline(failure)) record(who + " request failed: " + r.url() + " " + failure);
        });
        return page;
    }

    /**
     * Loopback never disconnects by itself: this failure only follows a test's own
     * {@code context.setOffline(true)}, where the browser still fetching e.g. the icon is expected.
     */
    private static boolean offline(String text) {
        return text.contains("ERR_INTERNET_DISCONNECTED");
    }

    private synchronized void record(String problem) {
        problems.add(problem);
    }

    /** What was collected so far, and forgets it (for tests that provoke problems on purpose). */
    public synchronized List<String> drainProblems() {
        List<String> out = List.copyOf(problems);
        problems.clear();
        return out;
    }

    public synchronized void assertClean() {
        assertThat(problems).as("console errors, uncaught exceptions, failed requests and CSP violations").isEmpty();
    }

    /** Screenshots the page at phone and desktop widths: target/screenshots/<prefix>-<name>-<width>.png. */
    public void shots(Page page, String name) {
        shots(page, name, null);
    }

    /** As {@link #shots(Page, String)}, scrolling {@code focus} into view first at each width. */
    public void shots(Page page, String name, Locator focus) {
        var original = page.viewportSize();
        for (int width : new int[] {PHONE, DESKTOP}) {
            page.setViewportSize(width, width == PHONE ? 844 : 800);
            page.waitForTimeout(150);
            if (focus != null) focus.scrollIntoViewIfNeeded();
            shot(page, name, width, true);
        }
        page.setViewportSize(original.width, original.height);
    }

    /** One screenshot at the page's current size, named for {@code width}. */
    public void shot(Page page, String name, int width) {
        shot(page, name, width, true);
    }

    /** As {@link #shot(Page, String, int)}; {@code resetHover} false keeps a hover state in the picture. */
    public void shot(Page page, String name, int width, boolean resetHover) {
        if (resetHover) page.mouse().move(1, 1); // no hover effects left over from the last click
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(prefix + "-" + name + "-" + width + ".png"))
                .setAnimations(ScreenshotAnimations.DISABLED));
    }

    /** A free TCP port for a server whose public URL must be known before it starts. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
