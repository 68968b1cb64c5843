package io.juntos.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.juntos.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The YouTube adapter (web/js/rooms/players.js) against a stand-in of the IFrame Player API's
 * documented interface, served in place of {@code https://www.youtube.com/iframe_api} through
 * Playwright's routing (the page's CSP and script URL stay those of production). The same sync
 * logic as for files drives it: play, pause, seek and rate by the host reach the guest's
 * stand-in, and the position the stand-in reports feeds the server's sync controller, whose
 * corrections (rate nudge, seek) come back to it.
 */
class YouTubeAdapterBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("rooms-youtube");

    static final String IFRAME_API = "https://www.youtube.com/iframe_api";

    static String standIn() throws IOException {
        try (InputStream in = YouTubeAdapterBrowserTest.class.getResourceAsStream("/youtube/iframe_api.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Page open(People.Person p, String roomId, String js) {
        BrowserContext ctx = web.context();
        ctx.route(IFRAME_API, r -> r.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("text/javascript").setBody(js)));
        Page page = web.page(ctx, p.username());
        People.signIn(page, p);
        page.navigate("/#/rooms/" + roomId);
        page.waitForFunction("() => window.__yt?.players.length === 1 && window.__yt.players[0].getPlayerState() !== undefined");
        return page;
    }

    static double position(Page page) {
        return ((Number) page.evaluate("() => window.__yt.players[0].getCurrentTime()")).doubleValue();
    }

    static int state(Page page) {
        return ((Number) page.evaluate("() => window.__yt.players[0].getPlayerState()")).intValue();
    }

    /** The calls the sync logic made on the stand-in since {@code from} (index), as "name:arg". */
    @SuppressWarnings("unchecked")
    static List<String> calls(Page page, String name) {
        return (List<String>) page.evaluate("(n) => window.__yt.calls.filter((c) => c.name === n).map((c) => c.name + ':' + c.args.join(','))", name);
    }

    /** Both pages' stand-in positions read in one instant each; ms apart (the page clocks are the same machine's). */
    static double apart(Page a, Page b) {
        double[] pa = sample(a), pb = sample(b);
        return ((pb[0] - pa[0]) - (pb[1] - pa[1]) / 1000 * pa[2]) * 1000;
    }

    static double[] sample(Page page) {
        @SuppressWarnings("unchecked")
        List<Number> r = (List<Number>) page.evaluate("() => { const p = window.__yt.players[0];"
                + " return [p.getCurrentTime(), performance.timeOrigin + performance.now(), p.getPlayerState() === 1 ? p.getPlaybackRate() : 0]; }");
        return new double[] {r.get(0).doubleValue(), r.get(1).doubleValue(), r.get(2).doubleValue()};
    }

    static void settled(Page a, Page b, String what) {
        double d = apart(a, b);
        for (int i = 0; i < 20 && Math.abs(d) >= 100; i++) {
            a.waitForTimeout(400);
            d = apart(a, b);
        }
        assertThat(Math.abs(d)).as(what + ": guest vs host, ms").isLessThan(100);
    }

    @Test
    void hostActionsReachTheGuestsYouTubePlayerAndItsPositionFeedsTheSync() throws Exception {
        String js = standIn();
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        Api asAna = web.api().as(ana.accessToken());
        JsonNode made = asAna.post("/api/rooms", Map.of("name", "Music videos", "controlPolicy", "host")).json();
        String roomId = made.path("room").path("id").asText();
        String token = made.path("joinLink").asText().replaceFirst(".*/r/", "");
        assertThat(web.api().as(bruno.accessToken()).post("/api/rooms/join/" + token, Map.of()).status()).isEqualTo(201);
        Api.Res added = asAna.post("/api/rooms/" + roomId + "/queue", Map.of("url", "https://www.youtube.com/watch?v=M7lc1UVf-VE"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);

        Page a = open(ana, roomId, js);
        Page b = open(bruno, roomId, js);
        assertThat(b.locator("[data-testid=yt-standin]")).containsText("M7lc1UVf-VE");

        // Play: the guest's stand-in is told playVideo and plays where the host does.
        a.locator("[data-testid=room-play]").click();
        b.waitForFunction("() => window.__yt.players[0].getPlayerState() === 1");
        assertThat(calls(b, "playVideo")).isNotEmpty();
        a.waitForTimeout(1500);
        settled(a, b, "playing");
        web.shots(a, "01-youtube-host");

        // Seek: seekTo reaches the guest with the room's position.
        a.evaluate("() => { const s = document.querySelector('[data-testid=room-seek]'); s.value = '60'; s.dispatchEvent(new Event('change')); }");
        b.waitForFunction("() => window.__yt.players[0].getCurrentTime() >= 59.9 && window.__yt.players[0].getCurrentTime() < 62");
        assertThat(calls(b, "seekTo")).anyMatch(c -> c.matches("seekTo:6[01]\\.\\d*,true|seekTo:60,true"));
        settled(a, b, "after seek");

        // Rate: setPlaybackRate(1.5) reaches the guest.
        a.locator(".room-rate").selectOption("1.5");
        b.waitForFunction("() => window.__yt.players[0].getPlaybackRate() === 1.5");
        settled(a, b, "at 1.5×");
        a.locator(".room-rate").selectOption("1");
        b.waitForFunction("() => window.__yt.players[0].getPlaybackRate() === 1");

        // The guest's player slips 3 s behind the adapter's back: the position it reports reaches the
        // server's controller, whose seek correction brings it back (no user action involved).
        int seeksBefore = calls(b, "seekTo").size();
        a.waitForTimeout(1700); // past the controller's seek cooldown after the last state change
        b.evaluate("() => window.__yt.jump(-3)");
        b.waitForFunction("(n) => window.__yt.calls.filter((c) => c.name === 'seekTo').length > n", seeksBefore,
                new Page.WaitForFunctionOptions().setTimeout(15_000));
        settled(a, b, "after the controller's seek");
        assertThat(a.locator("[data-testid=member-drift]").first()).isVisible(); // the host sees the guest's reported drift

        // A small slip (200 ms ahead) gets a rate nudge below 1 instead of a seek.
        int seeks = calls(b, "seekTo").size();
        a.waitForTimeout(1700);
        b.evaluate("() => window.__yt.jump(0.2)");
        b.waitForFunction("() => window.__yt.calls.some((c) => c.name === 'setPlaybackRate' && c.args[0] < 1 && c.args[0] >= 0.95)", null,
                new Page.WaitForFunctionOptions().setTimeout(15_000));
        assertThat(calls(b, "seekTo")).as("a nudge, not a seek").hasSize(seeks);

        // Pause: pauseVideo reaches the guest; both stop at the same position.
        a.locator("[data-testid=room-play]").click();
        b.waitForFunction("() => window.__yt.players[0].getPlayerState() === 2");
        assertThat(calls(b, "pauseVideo")).isNotEmpty();
        b.waitForTimeout(500);
        assertThat(Math.abs(position(a) - position(b)) * 1000).as("paused positions apart, ms").isLessThan(100);
        assertThat(state(a)).isEqualTo(2);
        web.shots(b, "02-youtube-guest");
        web.assertClean();
    }
}
