package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's gateway module (js/gateway.js) against a scripted WebSocket in the page: close
 * codes, the request queue across reconnects, and the backoff schedule. The real server is only
 * used to serve the module.
 */
class GatewayClientBrowserTest {
    private static Browsers browsers;
    private static TestServer server;
    private static BrowserContext ctx;
    private static Page page;

    /** A fake WebSocket class the page's gateway will construct; it records what happens. */
    private static final String FAKE = """
            window.log = [];
            window.FakeWS = class {
              constructor(url, protocols) { this.l = {}; FakeWS.last = this; log.push('open ' + protocols[1]);
                setTimeout(() => this.emit('message', {data: JSON.stringify({type: 'ready', data: {}})}), 0); }
              addEventListener(t, f) { (this.l[t] ||= []).push(f); }
              emit(t, e) { (this.l[t] || []).forEach((f) => f(e)); }
              send(s) { const f = JSON.parse(s); log.push('send ' + f.type + (f.data && f.data.clientMsgId ? ' ' + f.data.clientMsgId : ''));
                if (f.type === 'resume') setTimeout(() => this.emit('message', {data: JSON.stringify({type: 'ack', id: f.id, data: {streams: []}})}), 0); }
              close(code) { this.emit('close', {code}); }
            };
            window.WebSocket = FakeWS;
            window.tick = (ms) => new Promise((r) => setTimeout(r, ms));
            """;

    @BeforeAll
    static void start() {
        browsers = Browsers.launch();
        server = TestServer.start(Engine.SQLITE, Browsers.serverEnv(Browsers.freePort()));
        ctx = browsers.context(server.baseUrl());
        page = browsers.page(ctx, "gateway");
        page.navigate("/api.html");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (browsers != null) browsers.close();
    }

    @org.junit.jupiter.api.AfterEach
    void noConsoleErrors() {
        browsers.assertClean();
    }

    @SuppressWarnings("unchecked")
    private static List<String> run(String body) {
        page.evaluate(FAKE);
        return (List<String>) page.evaluate("async () => { const { Gateway } = await import('/js/gateway.js'); " + body + " return log; }");
    }

    @Test
    void tokenExpiredCloseRefreshesThenReconnectsAndRevokedSessionStops() {
        List<String> log = run("""
                let n = 0;
                const gw = new Gateway({ token: async () => 'T' + n, refresh: async () => { n++; log.push('refresh'); },
                  authLost: (why) => log.push('lost ' + why), resumeData: () => ({ streams: {} }) });
                gw.start(); await tick(30);
                FakeWS.last.close(4001); await tick(30);
                FakeWS.last.close(4003); await tick(30);
                log.push('state ' + gw.state);
                """);
        assertThat(log).containsExactly("open bearer.T0", "send resume", "refresh", "open bearer.T1", "send resume",
                "lost session_revoked", "state closed");
    }

    @Test
    void unansweredRequestsAreSentAgainAfterAReconnectAndTypingIsDropped() {
        List<String> log = run("""
                const gw = new Gateway({ token: async () => 'T', refresh: async () => {}, authLost: () => {},
                  resumeData: () => ({ streams: {} }) });
                gw.start(); await tick(30);
                gw.request('message.send', { conversationId: 'c', clientMsgId: 'm1', text: 'hi' }).then((a) => log.push('acked ' + a.message.seq));
                gw.request('typing', { conversationId: 'c' }, { transient: true }).catch((e) => log.push('typing ' + e.code));
                FakeWS.last.close(1006);
                gw.reconnectNow(); await tick(30);
                const frame = log.filter((l) => l.startsWith('send message.send')).length;
                log.push('sends ' + frame);
                """);
        assertThat(log).containsSubsequence("send message.send m1", "typing disconnected", "open bearer.T", "send resume", "send message.send m1");
        assertThat(log).contains("sends 2");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToACap() {
        Object delays = page.evaluate("async () => { const { backoffDelay } = await import('/js/gateway.js');"
                + " return [0, 1, 2, 3, 4, 5, 6, 10].map((n) => [backoffDelay(n, () => 0), backoffDelay(n, () => 0.999)]); }");
        @SuppressWarnings("unchecked")
        List<List<Number>> d = (List<List<Number>>) delays;
        assertThat(d.get(0)).containsExactly(250, 500);
        assertThat(d.get(1).get(0).intValue()).isEqualTo(500);
        assertThat(d.get(3).get(0).intValue()).isEqualTo(2000);
        for (int i = 1; i < 6; i++) assertThat(d.get(i).get(0).intValue()).isGreaterThan(d.get(i - 1).get(0).intValue());
        assertThat(d.get(7).get(0).intValue()).isEqualTo(15_000);
        assertThat(d.get(7).get(1).intValue()).isLessThanOrEqualTo(30_000);
    }
}
