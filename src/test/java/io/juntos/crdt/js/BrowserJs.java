package io.juntos.crdt.js;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the JavaScript twin in the Debian Chromium through Playwright, with no server: the
 * page lives at {@code http://crdt.test/}, {@code /js/**} is answered from the web root on
 * the classpath and {@code /vectors/**} from the shared test vectors. Without
 * {@code /usr/bin/chromium} the test fails under {@code CI=true} and is skipped loudly
 * otherwise.
 */
public final class BrowserJs implements AutoCloseable {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final String ORIGIN = "http://crdt.test";

    private final Playwright playwright;
    private final Browser browser;
    private final Page page;

    private BrowserJs() {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        page = browser.newPage();
        page.route(ORIGIN + "/**", BrowserJs::serve);
        page.navigate(ORIGIN + "/");
        page.evaluate("async () => { window.crdt = await import('/js/crdt/index.js'); }");
    }

    /** Starts Chromium with the CRDT module loaded as {@code window.crdt}. */
    public static BrowserJs launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            String message = "Chromium not found at " + CHROMIUM + " (apt-get install chromium)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true, so browser tests fail instead of skipping");
            }
            System.err.println("!!! SKIPPED browser test: " + message);
            Assumptions.abort(message);
        }
        return new BrowserJs();
    }

    public Object eval(String script) {
        return page.evaluate(script);
    }

    public Object eval(String script, Object arg) {
        return page.evaluate(script, arg);
    }

    private static void serve(Route route) {
        String path = route.request().url().substring(ORIGIN.length());
        if (path.equals("/") || path.isEmpty()) {
            route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("text/html")
                    .setBody("<!doctype html><meta charset=utf-8><title>crdt test</title>"));
            return;
        }
        String resource = path.startsWith("/js/") ? "/web" + path
                : path.startsWith("/vectors/") ? "/crdt" + path : null;
        byte[] body = resource == null ? null : read(resource);
        if (body == null) {
            route.fulfill(new Route.FulfillOptions().setStatus(404).setBody("not found: " + path));
            return;
        }
        String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".json") ? "application/json"
                : "application/octet-stream";
        route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType(type).setBodyBytes(body));
    }

    private static byte[] read(String resource) {
        try (InputStream in = BrowserJs.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
