package io.juntos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.Services;
import io.juntos.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The rooms sync benchmark (docs/benchmarks.md, `bash bench/rooms/run.sh`): a server and N
 * headless Chromium pages in one room play a generated WebM. Each page samples its video's
 * position every 250 ms against the machine clock, which is the server's clock (same host).
 * Reports inter-client drift in steady play and the time until all pages are within 50 ms
 * after a seek, a pause/play by another member and a join mid-video; then the same with one
 * page given +200 ms network latency and one 4× CPU-throttled (Chrome DevTools Protocol).
 */
public final class RoomsBench {
    static final double WITHIN_MS = 50;

    record Options(int pages, int steadySeconds) {
        static Options parse(String[] args) {
            int pages = 4, steady = 20;
            for (String a : args) {
                if (a.startsWith("pages=")) pages = Integer.parseInt(a.substring(6));
                if (a.startsWith("steady=")) steady = Integer.parseInt(a.substring(7));
            }
            return new Options(Math.max(4, pages), steady); // ≥ 3 playing from the start, one more joins
        }
    }

    /** One page's samples: [machine ms, position s, rate] — rate 0 when paused. */
    record Member(String name, Page page) {
        List<double[]> drain() {
            @SuppressWarnings("unchecked")
            List<List<Number>> raw = (List<List<Number>>) page.evaluate("() => { const s = window.__samples || []; window.__samples = []; return s; }");
            List<double[]> out = new ArrayList<>();
            for (List<Number> r : raw) out.add(new double[] {r.get(0).doubleValue(), r.get(1).doubleValue(), r.get(2).doubleValue()});
            return out;
        }

        void startSampling() {
            page.evaluate("() => { window.__samples = []; clearInterval(window.__sampler);"
                    + " window.__sampler = setInterval(() => { const v = document.querySelector('[data-testid=room-video]');"
                    + " if (v) window.__samples.push([performance.timeOrigin + performance.now(), v.currentTime, v.paused ? 0 : v.playbackRate]); }, 250); }");
        }
    }

    /** What one scenario does to page 1 (the member who also presses play): nothing, +200 ms latency, or 4× CPU throttling. */
    enum Handicap {
        NONE("plain"), LATENCY("+200 ms latency on page1"), CPU("4× CPU throttling on page1");

        final String title;

        Handicap(String title) {
            this.title = title;
        }

        void apply(BrowserContext ctx, Page page) {
            switch (this) {
                case NONE -> { }
                case LATENCY -> { } // the page talks to the server through a DelayProxy (see run)
                case CPU -> ctx.newCDPSession(page).send("Emulation.setCPUThrottlingRate", json("{\"rate\":4}"));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Services.requireChromium();
        Path video = video();
        StringBuilder report = new StringBuilder();
        report.append("# Rooms sync benchmark\n\n").append("- date: ").append(Instant.now()).append("\n- pages: ").append(o.pages())
                .append(" (").append(o.pages() - 1).append(" from the start, 1 joining mid-video)\n- machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, load average at start ").append(load()).append("\n\n");
        for (Handicap h : Handicap.values()) report.append(run(o, video, h));
        report.append("- load average at end ").append(load()).append('\n');
        System.out.println(report);
        Path out = Paths.get("target", "bench", "rooms.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    static String load() {
        return String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * The server at an origin of its own, and a proxy in front of it that adds 100 ms each way
     * (+200 ms round trip) to everything, WebSocket included; both origins pass the Origin check.
     */
    static String run(Options o, Path video, Handicap handicap) throws Exception {
        int port = freePort();
        String origin = "http://127.0.0.1:" + port;
        try (DelayProxy proxy = new DelayProxy(port, 100);
             TestServer server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_PORT", Integer.toString(port), "JUNTOS_PUBLIC_URL", origin,
                     "JUNTOS_ALLOWED_ORIGINS", origin + ",http://127.0.0.1:" + proxy.port()));
             Playwright pw = Playwright.create()) {
            Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get(Services.CHROMIUM)).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows")));
            Api api = server.api();
            Api.Account host = api.signup("bhost");
            Api asHost = api.as(host.accessToken());
            JsonNode made = asHost.post("/api/rooms", Map.of("name", "Bench", "controlPolicy", "everyone", "maxMembers", 50)).json();
            String roomId = made.path("room").path("id").asText();
            String token = made.path("joinLink").asText().replaceFirst(".*/r/", "");
            asHost.post("/api/rooms/" + roomId + "/queue", Map.of("mediaId", upload(asHost, video), "title", "pattern")).json();
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < o.pages(); i++) {
                Api.Account acc = i == 0 ? host : api.signup("bm" + i);
                if (i > 0) api.as(acc.accessToken()).post("/api/rooms/join/" + token, Map.of());
                String base = i == 1 && handicap == Handicap.LATENCY ? "http://127.0.0.1:" + proxy.port() : server.baseUrl();
                BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setBaseURL(base).setViewportSize(640, 480));
                Page page = ctx.newPage();
                if (i == 1) handicap.apply(ctx, page);
                members.add(new Member("page" + i, page));
                signIn(page, acc);
            }
            String r = measure(o, members, roomId, handicap);
            browser.close();
            return r;
        }
    }

    static String measure(Options o, List<Member> members, String roomId, Handicap handicap) {
        List<Member> early = members.subList(0, o.pages() - 1);
        for (Member m : early) open(m, roomId);
        Member controller = members.get(1);
        StringBuilder r = new StringBuilder("## Scenario: " + handicap.title + "\n\n| moment | result | spread 3–6 s after |\n|---|---|---|\n");
        act(controller, "play", null);
        early.forEach(Member::startSampling);
        sleep(3000);
        early.forEach(Member::drain);
        sleep(o.steadySeconds() * 1000L);
        r.append(line("steady play (" + o.steadySeconds() + " s, " + early.size() + " pages)", early));
        r.append(event("seek by another member", early, () -> act(members.get(0), "seek", 12.0)));
        r.append(event("pause by another member", early, () -> act(members.get(0), "pause", null)));
        r.append(event("play by another member", early, () -> act(controller, "play", null)));
        Member late = members.get(o.pages() - 1);
        early.forEach(Member::drain);
        long joinAt = System.currentTimeMillis();
        open(late, roomId);
        late.startSampling();
        r.append(eventFrom("join mid-video (" + members.size() + " pages)", members, joinAt));
        r.append("\nClock sync per page (best round trip of the room.clock samples): ");
        for (Member m : members) r.append(m.name()).append(' ').append(m.page().evaluate("() => document.querySelector('[data-testid=room-stage]')?.dataset.clockRtt ?? '?'")).append(" ms; ");
        return r.append("\n\n").toString();
    }

    static com.google.gson.JsonObject json(String s) {
        return com.google.gson.JsonParser.parseString(s).getAsJsonObject();
    }

    interface Step {
        void run();
    }

    static String event(String name, List<Member> ms, Step step) {
        ms.forEach(Member::drain);
        long at = System.currentTimeMillis();
        step.run();
        return eventFrom(name, ms, at);
    }

    /** Samples for 6 s after the event: the first instant from which all pages stay within 50 ms for 1 s. */
    static String eventFrom(String name, List<Member> ms, long at) {
        sleep(6000);
        List<List<double[]>> all = ms.stream().map(Member::drain).toList();
        List<double[]> spreads = spreads(all);
        double recovered = -1;
        for (int i = 0; i < spreads.size(); i++) {
            if (spreads.get(i)[0] < at) continue;
            boolean stays = true;
            for (int j = i; j < spreads.size() && spreads.get(j)[0] < spreads.get(i)[0] + 1000; j++) stays &= spreads.get(j)[1] <= WITHIN_MS;
            if (stays && spreads.get(i)[1] <= WITHIN_MS) { recovered = spreads.get(i)[0] - at; break; }
        }
        List<double[]> after = spreads.stream().filter(s -> s[0] > at + 3000).toList();
        // The last page's first playing sample: for a join, how much of the time was loading the page and the video.
        String started = all.getLast().stream().filter(s -> s[2] > 0 && s[0] >= at).findFirst()
                .map(s -> String.format(" (last page playing from %.0f ms)", s[0] - at)).orElse("");
        return String.format("| %s | all within %.0f ms after %s%s | %s |%n", name, WITHIN_MS,
                recovered < 0 ? "— (not within 6 s)" : String.format("%.0f ms", recovered), started, stats(after));
    }

    static String line(String name, List<Member> ms) {
        List<List<double[]>> all = ms.stream().map(Member::drain).toList();
        return String.format("| %s | inter-client drift %s | |%n", name, stats(spreads(all)));
    }

    /**
     * For each sample instant of the first page: every page's position projected to that instant
     * (its nearest sample, advanced by its rate), and the spread max − min in ms.
     */
    static List<double[]> spreads(List<List<double[]>> all) {
        List<double[]> out = new ArrayList<>();
        for (double[] ref : all.getFirst()) {
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            boolean complete = true;
            for (List<double[]> page : all) {
                double[] near = null;
                for (double[] s : page) if (near == null || Math.abs(s[0] - ref[0]) < Math.abs(near[0] - ref[0])) near = s;
                if (near == null || Math.abs(near[0] - ref[0]) > 200) { complete = false; break; }
                double p = near[1] + (ref[0] - near[0]) / 1000 * near[2];
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
            if (complete) out.add(new double[] {ref[0], (hi - lo) * 1000});
        }
        return out;
    }

    static String stats(List<double[]> spreads) {
        if (spreads.isEmpty()) return "no samples";
        double[] v = spreads.stream().mapToDouble(s -> s[1]).sorted().toArray();
        return String.format("p50 %.0f ms, p95 %.0f ms, max %.0f ms (n=%d)", v[v.length / 2], v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)], v[v.length - 1], v.length);
    }

    static void act(Member m, String action, Double position) {
        String js = switch (action) {
            case "seek" -> "() => { const s = document.querySelector('[data-testid=room-seek]'); s.value = '" + position + "'; s.dispatchEvent(new Event('change')); }";
            default -> "() => document.querySelector('[data-testid=room-play]').click()";
        };
        m.page().evaluate(js);
    }

    static void open(Member m, String roomId) {
        m.page().navigate("/#/rooms/" + roomId);
        m.page().waitForSelector("[data-testid=room-stage]");
        m.page().waitForFunction("() => !!document.querySelector('[data-testid=room-video]')", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    static void signIn(Page page, Api.Account a) {
        page.navigate("/#/signin");
        page.getByLabel("Username or email", new Page.GetByLabelOptions().setExact(true)).fill(a.username());
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(a.password());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        page.waitForURL("**/#/chats");
    }

    static Path video() throws Exception {
        Path out = Files.createTempFile("juntos-bench-", ".webm");
        Process p = new ProcessBuilder("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=90:size=320x180:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=90", "-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime", "-cpu-used", "8",
                "-c:a", "libvorbis", "-shortest", out.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("ffmpeg failed: " + new String(p.getInputStream().readAllBytes()));
        return out;
    }

    static String upload(Api as, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode t = as.post("/api/media/uploads", Map.of("fileName", "pattern.webm", "contentType", "video/webm", "size", bytes.length)).json();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(as.base()).resolve(t.path("uploadUrl").asText()))
                .header("Content-Type", "video/webm").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
        as.post("/api/media/" + t.path("mediaId").asText() + "/complete", Map.of());
        return t.path("mediaId").asText();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
