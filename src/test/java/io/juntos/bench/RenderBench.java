package io.juntos.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.juntos.testing.Engine;
import io.juntos.testing.Services;
import io.juntos.testing.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Evidence for the rendering-library decision (docs/web-client.md): the same 500-message thread
 * rendered by the hand-written helpers (js/dom.js + the keyed node cache and reconcile that
 * chat/thread.js used) and by lit-html (js/lit.js, `repeat` keyed by message id), in the served
 * page under the real CSP. It reports first render and live-update times (median of many runs),
 * whether focus, a half-typed input and a playing video element survive an update, whether hostile
 * message text stays text, CSP violations, and the bytes each approach ships (gzip -9).
 * Run: {@code bash bench/web-render/run.sh} (prints markdown; never part of {@code mvn test}).
 */
public final class RenderBench {
    private static final String SCRIPT = """
            async ({ n, rounds }) => {
              const violations = [];
              document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
              const { h } = await import('/js/dom.js');
              const lit = await import('/js/lit.js');
              const { html, render, repeat } = lit;
              const evil = '<img src=x onerror="window.pwned=1">';
              const make = (i) => ({ id: 'm' + i, v: 0, name: 'Person ' + (i % 7), text: i === 3 ? evil : 'Message number ' + i + ' with some words in it', at: '12:' + String(i % 60).padStart(2, '0') });
              const msgs = Array.from({ length: n }, (_, i) => make(i));
              const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

              // Hand-written: build nodes with h(), keep them in a cache keyed by id+version, reconcile.
              const handRow = (m) => h('div', { class: 'msg', dataset: { id: m.id } },
                h('span', { class: 'who', text: m.name }), h('p', { class: 'text', text: m.text }),
                h('input', { class: 'reply', 'aria-label': 'reply' }), h('time', { text: m.at }));
              function reconcile(parent, nodes) {
                const wanted = new Set(nodes);
                for (const child of [...parent.children]) if (!wanted.has(child)) child.remove();
                nodes.forEach((node, i) => { if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] || null); });
              }
              let cache = new Map();
              function handRender(root, list) {
                const keep = new Map();
                const nodes = list.map((m) => { const k = m.id + '|' + m.v; const node = cache.get(k) || handRow(m); keep.set(k, node); return node; });
                cache = keep;
                reconcile(root, nodes);
              }
              const naiveRender = (root, list) => root.replaceChildren(...list.map(handRow));

              // lit-html: one template, rows keyed by id.
              const litRow = (m) => html`<div class="msg" data-id=${m.id}><span class="who">${m.name}</span><p class="text">${m.text}</p><input class="reply" aria-label="reply"><time>${m.at}</time></div>`;
              const litRender = (root, list) => render(html`${repeat(list, (m) => m.id, litRow)}`, root);

              const out = {};
              for (const [name, fn] of [['hand', handRender], ['naive', naiveRender], ['lit', litRender]]) {
                const root = document.createElement('div');
                document.body.append(root);
                let list = msgs.map((m) => ({ ...m }));
                cache = new Map();
                const t0 = performance.now();
                fn(root, list);
                root.getBoundingClientRect();
                const first = performance.now() - t0;
                // A long-lived element (the watch-party player) and a half-typed reply with focus.
                const video = document.createElement('video');
                root.querySelector('[data-id="m250"]').append(video);
                const input = root.querySelector('[data-id="m251"] input');
                input.focus(); input.value = 'half-typed';
                // A draft typed into a row that is edited later (its message changes under it).
                root.querySelector('[data-id="m150"] input').value = 'draft in edited row';
                const times = [];
                for (let r = 0; r < rounds; r++) {
                  // One message edited, one new message: what a live update does.
                  const e = 100 + (r % 100);
                  list = [...list.slice(0, e), { ...list[e], v: list[e].v + 1, text: list[e].text + ' (edited)' }, ...list.slice(e + 1), make(n + r)];
                  const t = performance.now();
                  fn(root, list);
                  root.getBoundingClientRect();
                  times.push(performance.now() - t);
                }
                out[name] = {
                  firstMs: +first.toFixed(2), updateMedianMs: +median(times).toFixed(3), updateMaxMs: +Math.max(...times).toFixed(2),
                  rows: root.children.length,
                  focusKept: document.activeElement === root.querySelector('[data-id="m251"] input'),
                  typedKept: root.querySelector('[data-id="m251"] input').value === 'half-typed',
                  editedRowDraftKept: root.querySelector('[data-id="m150"] input').value === 'draft in edited row',
                  videoKept: root.querySelector('[data-id="m250"] video') === video,
                  escaped: root.querySelector('[data-id="m3"] .text').textContent === evil && !root.querySelector('img') && !window.pwned,
                };
                root.remove();
              }
              out.cspViolations = violations;
              return out;
            }
            """;

    private RenderBench() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Services.requireChromium();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String origin = "http://127.0.0.1:" + port;
        try (TestServer server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_PORT", Integer.toString(port), "JUNTOS_PUBLIC_URL", origin,
                "JUNTOS_ALLOWED_ORIGINS", origin));
             Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of(Services.CHROMIUM))
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu")))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setBaseURL(server.baseUrl()));
            page.navigate("/api.html");
            Object raw = page.evaluate(SCRIPT, Map.of("n", n, "rounds", rounds));
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) raw;
            String report = report(n, rounds, r, browser.version());
            System.out.println(report);
            Path dir = Path.of("target", "bench");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("render-" + Instant.now().getEpochSecond() + ".md"), report);
        }
    }

    @SuppressWarnings("unchecked")
    private static String report(int n, int rounds, Map<String, Object> r, String chromium) {
        StringBuilder sb = new StringBuilder();
        sb.append("Chromium ").append(chromium).append(", ").append(n).append(" messages, ").append(rounds)
                .append(" updates (1 edit + 1 new message each); load average ").append(loadAverage()).append("\n\n");
        sb.append("| approach | first render ms | update median ms | update max ms | focus kept | typed text kept | draft in an edited row kept | video element kept | hostile text escaped |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String k : List.of("hand", "naive", "lit")) {
            Map<String, Object> x = (Map<String, Object>) r.get(k);
            sb.append("| ").append(Map.of("hand", "hand-written, keyed cache + reconcile", "naive", "hand-written, rebuild all",
                    "lit", "lit-html 3.3.2, repeat keyed").get(k)).append(" | ").append(x.get("firstMs")).append(" | ").append(x.get("updateMedianMs"))
                    .append(" | ").append(x.get("updateMaxMs")).append(" | ").append(x.get("focusKept")).append(" | ").append(x.get("typedKept"))
                    .append(" | ").append(x.get("editedRowDraftKept")).append(" | ").append(x.get("videoKept")).append(" | ").append(x.get("escaped")).append(" |\n");
        }
        sb.append("\nCSP violations: ").append(r.get("cspViolations")).append("\n\n");
        List<String> files = List.of("lit-html.js", "directive.js", "directive-helpers.js", "directives/repeat.js", "directives/live.js",
                "directives/ref.js", "directives/class-map.js", "async-directive.js");
        long litGz = 0;
        List<String> parts = new ArrayList<>();
        for (String f : files) {
            long gz = gzipSize("/META-INF/resources/webjars/lit-html/3.3.2/" + f);
            litGz += gz;
            parts.add(f + " " + gz);
        }
        sb.append("Bytes shipped (gzip -9): lit-html with the directives js/lit.js exports ").append(litGz).append(" (").append(String.join(", ", parts))
                .append("); js/dom.js ").append(gzipSize("/web/js/dom.js")).append("\n");
        return sb.toString();
    }

    private static long gzipSize(String resource) {
        try (InputStream in = RenderBench.class.getResourceAsStream(resource)) {
            if (in == null) return -1;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes) { { def.setLevel(9); } }) {
                in.transferTo(gz);
            }
            return bytes.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
