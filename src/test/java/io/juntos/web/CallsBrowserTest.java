package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.juntos.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real calls between headless Chromium pages (fake camera and microphone) through the real
 * server: media flows both ways (getStats: bytes received, frames decoded), mute stops the
 * outgoing audio, hang-up ends the call for both, and four pages form a full mesh. Screenshots of
 * the incoming call, a two-person and a four-person call at 390 and 1280 px.
 */
class CallsBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("calls").fakeMedia();

    /**
     * Keeps every RTCPeerConnection the page makes, so the test can read its getStats() (the product
     * exposes nothing for tests). {@code relay} forces relay-only ICE (the TURN test).
     */
    static String collectPeers(boolean relay) {
        return "(() => { const w = console.warn; window.__warns = []; console.warn = (...a) => { window.__warns.push(a.map(String).join(' ')); w(...a); };"
                + " const Orig = window.RTCPeerConnection; const all = []; window.__pcs = all;"
                + " window.RTCPeerConnection = class extends Orig { constructor(cfg, ...rest) { const c = Object.assign({}, cfg || {});"
                + (relay ? " c.iceTransportPolicy = 'relay';" : "")
                + " super(c, ...rest); all.push(this); } }; })();";
    }

    /** Totals over the page's open peer connections. */
    static final String STATS = """
            async () => {
              const out = { inAudio: 0, inVideo: 0, framesDecoded: 0, outAudio: 0, outVideo: 0, connected: 0, relay: 0 };
              for (const pc of window.__pcs || []) {
                if (pc.connectionState === 'closed') continue;
                if (pc.connectionState === 'connected') out.connected++;
                const stats = await pc.getStats();
                const byId = new Map(); stats.forEach((r) => byId.set(r.id, r));
                stats.forEach((r) => {
                  if (r.type === 'inbound-rtp' && r.kind === 'audio') out.inAudio += r.bytesReceived || 0;
                  if (r.type === 'inbound-rtp' && r.kind === 'video') { out.inVideo += r.bytesReceived || 0; out.framesDecoded += r.framesDecoded || 0; }
                  if (r.type === 'outbound-rtp' && r.kind === 'audio') out.outAudio += r.bytesSent || 0;
                  if (r.type === 'outbound-rtp' && r.kind === 'video') out.outVideo += r.bytesSent || 0;
                  if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
                    const local = byId.get(r.localCandidateId);
                    if (local && local.candidateType === 'relay') out.relay++;
                  }
                });
              }
              return out;
            }""";

    static final String CANDIDATES = """
            async () => { const out = []; for (const pc of window.__pcs || []) {
              out.push('local=' + (pc.localDescription ? pc.localDescription.type : 'none') + ' remote=' + (pc.remoteDescription ? pc.remoteDescription.type : 'none'));
              (await pc.getStats()).forEach((r) => { if (r.type === 'local-candidate' || r.type === 'remote-candidate')
                out.push(r.type + ':' + r.candidateType + ':' + (r.address || r.ip) + ':' + r.protocol); }); }
              return out.join(' '); }""";

    record Stats(long inAudio, long inVideo, long framesDecoded, long outAudio, long outVideo, int connected, int relay) {
    }

    static Stats stats(Page p) {
        @SuppressWarnings("unchecked")
        Map<String, Number> m = (Map<String, Number>) p.evaluate(STATS);
        return new Stats(m.get("inAudio").longValue(), m.get("inVideo").longValue(), m.get("framesDecoded").longValue(), m.get("outAudio").longValue(),
                m.get("outVideo").longValue(), m.get("connected").intValue(), m.get("relay").intValue());
    }

    /** Polls the page's stats (media takes a few seconds to flow on a loaded machine) until they satisfy {@code ok}. */
    static Stats awaitStats(Page p, Predicate<Stats> ok, String what) {
        long deadline = System.currentTimeMillis() + 45_000;
        Stats s = stats(p);
        while (!ok.test(s)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + ": " + s + " peers " + p.evaluate("() => (window.__pcs || []).map((c) => c.connectionState + '/' + c.signalingState + '/' + c.iceConnectionState)") + " warnings " + p.evaluate("() => window.__warns")
                        + " candidates " + p.evaluate(CANDIDATES));
            }
            p.waitForTimeout(500);
            s = stats(p);
        }
        return s;
    }

    /**
     * Prints (not asserts) what the mesh costs here, for docs/calls.md (bench/calls/run.sh): CPU
     * used by this test's Chromium over 10 s, and what each page's video senders achieve.
     */
    static void report(List<Page> pages) {
        long before = chromiumCpuMillis();
        long t0 = System.nanoTime();
        pages.getFirst().waitForTimeout(10_000);
        double cores = (chromiumCpuMillis() - before) / ((System.nanoTime() - t0) / 1e6);
        StringBuilder senders = new StringBuilder();
        for (Page p : pages) {
            senders.append(p.evaluate(SENDERS)).append(" | ");
        }
        System.out.printf("calls-mesh pages=%d chromiumCores=%.2f senders: %s%n", pages.size(), cores, senders);
    }

    static final String SENDERS = """
            async () => { const out = []; for (const pc of window.__pcs || []) { if (pc.connectionState === 'closed') continue;
              (await pc.getStats()).forEach((r) => { if (r.type === 'outbound-rtp' && r.kind === 'video')
                out.push(`${r.frameWidth || 0}x${r.frameHeight || 0}@${Math.round(r.framesPerSecond || 0)} ${r.qualityLimitationReason}`); }); }
              return out.join(', '); }""";

    private static long chromiumCpuMillis() {
        return ProcessHandle.current().descendants().filter(h -> h.info().command().map(c -> c.contains("chrom")).orElse(false))
                .mapToLong(h -> h.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L)).sum();
    }

    static Page signedIn(People.Person who, boolean relay) {
        BrowserContext ctx = web.context();
        ctx.addInitScript(collectPeers(relay));
        Page page = web.page(ctx, who.fullName());
        People.signIn(page, who);
        return page;
    }

    static boolean flowing(Stats s, int peers) {
        return s.connected() >= peers && s.inAudio() > 2_000 && s.inVideo() > 10_000 && s.framesDecoded() > 10 * peers;
    }

    @Test
    void twoPeopleCallWithVideoMuteStopsTheirAudioAndHangUpEndsItForBoth() {
        Api api = web.api();
        People.Person ana = People.create(api, "Ana Lima"), bia = People.create(api, "Bia Souza");
        String conv = ana.api(api).post("/api/conversations/direct", Map.of("username", bia.username())).json().path("id").asText();
        Page a = signedIn(ana, false), b = signedIn(bia, false);
        a.navigate("/#/chat/" + conv);
        a.locator("[data-testid=call-video]").click();
        assertThat(a.locator("[data-testid=call-status]")).hasText("Ringing…");

        assertThat(b.locator("[data-testid=incoming-call]")).isVisible();
        assertThat(b.locator("[data-testid=incoming-call]")).containsText("Ana Lima");
        web.shots(b, "incoming");
        b.locator("[data-testid=call-accept]").click();

        Stats sa = awaitStats(a, s -> flowing(s, 1), "ana receives bia's audio and video");
        Stats sb = awaitStats(b, s -> flowing(s, 1), "bia receives ana's audio and video");
        assertThat(sa.outVideo()).isPositive();
        assertThat(sb.outAudio()).isPositive();
        assertThat(b.locator("[data-testid=incoming-call]")).isHidden();
        assertThat(a.locator("[data-testid=call-tile]")).hasCount(2);
        a.waitForTimeout(1000); // a few more frames, so the screenshots show video
        web.shots(a, "two-person");

        a.locator("[data-testid=call-mic]").click();
        assertThat(a.locator("[data-testid=call-mic]")).hasAttribute("aria-pressed", "true");
        a.waitForTimeout(1000); // packets already in flight when the track was taken off
        long before = stats(a).outAudio();
        long bReceived = stats(b).inAudio();
        a.waitForTimeout(2500);
        assertThat(stats(a).outAudio()).as("muted: no audio bytes sent").isEqualTo(before);
        assertThat(stats(b).inAudio()).as("muted: nothing arrives").isEqualTo(bReceived);
        assertThat(b.locator(".call-tile:not(.is-mine) .call-badge svg[role=img]")).isVisible();
        long videoBefore = stats(b).inVideo();
        a.waitForTimeout(1000);
        assertThat(stats(b).inVideo()).as("video still flows while muted").isGreaterThan(videoBefore);

        a.locator("[data-testid=call-mic]").click();
        awaitStats(b, s -> s.inAudio() > bReceived + 1000, "unmuted: audio arrives again");

        b.locator("[data-testid=call-hangup]").click();
        assertThat(b.locator("[data-testid=call-screen]")).isHidden();
        assertThat(a.locator("[data-testid=call-screen]")).isHidden();
        assertThat(a.locator("[data-testid=messages]")).containsText("Video call ·");
        web.assertClean();
    }

    @Test
    void fourPeopleFormAFullMesh() {
        Api api = web.api();
        List<People.Person> people = List.of(People.create(api, "Caio Reis"), People.create(api, "Duda Alves"),
                People.create(api, "Enzo Prado"), People.create(api, "Flor Dias"));
        var g = people.getFirst().api(api).post("/api/conversations/groups", Map.of("name", "Study group")).json();
        for (People.Person p : people.subList(1, 4)) p.api(api).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
        String conv = g.path("id").asText();
        List<Page> pages = new ArrayList<>();
        for (People.Person p : people) {
            Page page = signedIn(p, false);
            page.navigate("/#/chat/" + conv);
            pages.add(page);
        }
        pages.getFirst().locator("[data-testid=call-video]").click();
        assertThat(pages.getFirst().locator("[data-testid=call-screen]")).isVisible();
        for (Page p : pages.subList(1, 4)) {
            p.locator("[data-testid=call-join]").click();
            assertThat(p.locator("[data-testid=call-screen]")).isVisible();
        }
        for (Page p : pages) awaitStats(p, s -> flowing(s, 3), "every page receives from the three others");
        report(pages);
        assertThat(pages.get(2).locator("[data-testid=call-tile]")).hasCount(4);
        pages.get(2).waitForTimeout(1000);
        web.shots(pages.get(2), "four-person");
        for (Page p : pages) p.locator("[data-testid=call-hangup]").click();
        for (Page p : pages) assertThat(p.locator("[data-testid=call-screen]")).isHidden();
        web.assertClean();
    }
}
