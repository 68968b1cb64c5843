package io.juntos.web;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's realtime module (js/realtime.js) against a scripted WebSocket in the page: close
 * codes, the request queue across reconnects, timeouts, the backoff schedule, dispatch by type
 * group, binary frames, and resume from the cursors that stores register. The real server only
 * serves the module.
 */
class RealtimeBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite();
    private static Page page;

    /**
     * A fake WebSocket class the page's realtime module will construct; it records what happens.
     * `FakeWS.resumeAck(frame)` answers resume (default: every stream current); `FakeWS.silent`
     * leaves requests unanswered.
     */
    private static final String FAKE = """
            window.log = [];
            window.frames = [];
            window.FakeWS = class {
              constructor(url, protocols) { this.l = {}; FakeWS.last = this; log.push('open ' + protocols.join(' '));
                setTimeout(() => { this.emit('open', {}); this.frame({type: 'ready', data: {}}); }, 0); }
              addEventListener(t, f) { (this.l[t] ||= []).push(f); }
              emit(t, e) { (this.l[t] || []).forEach((f) => f(e)); }
              frame(f) { this.emit('message', {data: JSON.stringify(f)}); }
              send(s) {
                if (s instanceof ArrayBuffer) { log.push('binary ' + new Uint8Array(s).join(',')); return; }
                const f = JSON.parse(s); frames.push(f);
                log.push('send ' + f.type + (f.data && f.data.clientMsgId ? ' ' + f.data.clientMsgId : ''));
                if (f.type === 'resume') setTimeout(() => this.frame(FakeWS.resumeAck(f)), 0);
              }
              close(code) { this.emit('close', {code}); }
            };
            FakeWS.resumeAck = (f) => ({type: 'ack', id: f.id, data: {streams: Object.keys(f.data.streams).map((s) => ({stream: s, status: 'current'}))}});
            window.WebSocket = FakeWS;
            window.tick = (ms) => new Promise((r) => setTimeout(r, ms));
            window.deps = (extra) => ({ token: async () => 'T', refresh: async () => {}, authLost: () => {}, ...extra });
            """;

    @BeforeAll
    static void start() {
        page = web.page(web.context(), "realtime");
        page.navigate("/api.html");
    }

    @SuppressWarnings("unchecked")
    private static List<String> run(String body) {
        page.evaluate(FAKE);
        return (List<String>) page.evaluate("async () => { const R = await import('/js/realtime.js'); const { Realtime } = R; "
                + body + " return log.map(String); }");
    }

    @Test
    void connectsWithTheBearerSubprotocolAndTokenExpiredRefreshesWhileRevokedSessionStops() {
        List<String> log = run("""
                let n = 0;
                const rt = new Realtime(deps({ token: async () => 'T' + n, refresh: async () => { n++; log.push('refresh'); },
                  authLost: (why) => log.push('lost ' + why) }));
                rt.start(); await tick(30);
                FakeWS.last.close(4001); await tick(30);
                FakeWS.last.close(4003); await tick(30);
                log.push('state ' + rt.state);
                """);
        assertThat(log).containsExactly("open juntos.v1 bearer.T0", "send resume", "refresh", "open juntos.v1 bearer.T1", "send resume",
                "lost session_revoked", "state closed");
    }

    /** The server refuses a bad token at the upgrade (401): the browser sees 1006 without 'open'. */
    @Test
    void aSocketRefusedAtTheUpgradeRefreshesTheTokenAndRetriesWithTheNewOne() {
        List<String> log = run("""
                let n = 0;
                const Real = window.FakeWS;
                window.WebSocket = class extends Real {
                  constructor(url, protocols) { super(url, protocols);
                    if (n === 0) { this.emit = () => {}; setTimeout(() => { this.l.close.forEach((f) => f({ code: 1006 })); }, 0); } }
                };
                const rt = new Realtime(deps({ token: async () => 'T' + n, refresh: async () => { n++; log.push('refresh'); } }));
                rt.start(); await tick(30);
                rt.reconnectNow(); await tick(30);
                log.push('state ' + rt.state);
                rt.stop();
                window.WebSocket = Real;
                """);
        assertThat(log).containsSubsequence("open juntos.v1 bearer.T0", "refresh", "open juntos.v1 bearer.T1", "send resume", "state open");
    }

    @Test
    void unansweredRequestsAreSentAgainAfterAReconnectAndTypingIsDropped() {
        List<String> log = run("""
                const rt = new Realtime(deps());
                rt.start(); await tick(30);
                rt.request('message.send', { conversationId: 'c', clientMsgId: 'm1', text: 'hi' }).catch((e) => log.push('send ' + e.code));
                rt.request('typing', { conversationId: 'c' }, { transient: true }).catch((e) => log.push('typing ' + e.code));
                FakeWS.last.close(1006);
                rt.reconnectNow(); await tick(30);
                log.push('sends ' + log.filter((l) => l.startsWith('send message.send')).length);
                rt.stop(); await tick(0);
                """);
        assertThat(log).containsSubsequence("send message.send m1", "typing disconnected", "open juntos.v1 bearer.T", "send resume", "send message.send m1");
        assertThat(log).contains("sends 2");
        assertThat(log).last().isEqualTo("send disconnected"); // stop() fails what is still unanswered
    }

    @Test
    void aRequestWithoutAnswerFailsWithTimeoutAndAnErrorFrameRejectsWithItsCode() {
        List<String> log = run("""
                const rt = new Realtime(deps());
                rt.start(); await tick(30);
                rt.request('room.play', { at: 1 }, { timeout: 50 }).catch((e) => log.push('play ' + e.code));
                const p = rt.request('message.edit', { text: '' }).catch((e) => log.push('edit ' + e.code + ' ' + e.errors[0].field));
                const id = frames.find((f) => f.type === 'message.edit').id;
                FakeWS.last.frame({ type: 'error', id, code: 'validation_failed', detail: 'x', errors: [{ field: 'text', code: 'too_short' }] });
                await p; await tick(100);
                rt.stop();
                """);
        assertThat(log).contains("play timeout", "edit validation_failed text");
    }

    @Test
    void slowConsumerAndGoingAwayReconnectAndResumeWhileAbuseBacksOffHarder() {
        Object actions = page.evaluate("async () => { const { closeAction } = await import('/js/realtime.js');"
                + " return [1001, 1006, 4009, 4010, 4012, 4004, 4008, 4013, 4001, 4002, 4003].map((c) => { const a = closeAction(c); return c + ' ' + a.kind + ' ' + (a.penalty ?? a.reason ?? '') + (a.now ? ' now' : ''); }); }");
        assertThat(actions).asList().containsExactly("1001 reconnect 0", "1006 reconnect 0", "4009 reconnect 0", "4010 reconnect 0", "4012 reconnect 0 now",
                "4004 reconnect 0", "4008 reconnect 3", "4013 reconnect 4", "4001 refresh ", "4002 auth token_invalid", "4003 auth session_revoked");
        List<String> log = run("""
                const rt = new Realtime(deps());
                rt.track({ cursors: () => ({ 'conv.a': 3 }), resumed: (r) => log.push('resumed ' + r.map((x) => x.stream + ':' + x.status).join()) });
                rt.start(); await tick(30);
                FakeWS.last.close(4009); rt.reconnectNow(); await tick(30);
                FakeWS.last.close(1001); rt.reconnectNow(); await tick(30);
                rt.stop();
                """);
        assertThat(log.stream().filter(l -> l.startsWith("resumed "))).hasSize(3).allMatch(l -> l.equals("resumed conv.a:current"));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToACap() {
        Object delays = page.evaluate("async () => { const { backoffDelay } = await import('/js/realtime.js');"
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

    @Test
    void resumeSendsEveryRegisteredCursorAndHandsEachSourceItsOwnResults() {
        List<String> log = run("""
                FakeWS.resumeAck = (f) => ({ type: 'ack', id: f.id, data: { streams: [
                  { stream: 'conv.a', status: 'replayed', fromSeq: 42, toSeq: 57 }, { stream: 'room.r', status: 'current' },
                  { stream: 'conv.b', status: 'limited', fromSeq: 9401, toSeq: 9500 }, { stream: 'conv.gone', status: 'not_found' }] } });
                const rt = new Realtime(deps());
                rt.track({ cursors: () => ({ 'conv.a': 41, 'conv.b': 7, 'conv.gone': 2 }), since: () => 1764000005000,
                  resumed: (r) => log.push('chat ' + r.map((x) => x.stream + ':' + x.status + (x.fromSeq ? ':' + x.fromSeq + '-' + x.toSeq : '')).join(' ')) });
                const untrack = rt.track({ cursors: () => ({ 'room.r': 0 }), since: () => 1764000000000,
                  resumed: (r) => log.push('rooms ' + r.map((x) => x.stream + ':' + x.status).join(' ')) });
                rt.track({ cursors: () => ({}), resumed: (r) => log.push('empty ' + r.length) });
                rt.start(); await tick(30);
                log.push('wire ' + JSON.stringify(frames.find((f) => f.type === 'resume').data));
                untrack(); frames.length = 0;
                FakeWS.last.close(1006); rt.reconnectNow(); await tick(30);
                log.push('wire ' + JSON.stringify(frames.find((f) => f.type === 'resume').data));
                rt.stop();
                """);
        assertThat(log).containsSubsequence(
                "chat conv.a:replayed:42-57 conv.b:limited:9401-9500 conv.gone:not_found",
                "rooms room.r:current",
                "empty 0",
                "wire {\"streams\":{\"conv.a\":41,\"conv.b\":7,\"conv.gone\":2,\"room.r\":0},\"since\":1764000000000}",
                "wire {\"streams\":{\"conv.a\":41,\"conv.b\":7,\"conv.gone\":2},\"since\":1764000005000}");
    }

    @Test
    void framesReachSubscribersByExactTypeByGroupAndAllWhileUnsubscribedOnesHearNothing() {
        List<String> log = run("""
                const rt = new Realtime(deps());
                rt.on('message.*', (d, type) => log.push('group ' + type + ' ' + d.n));
                rt.on('message.created', (d) => log.push('exact ' + d.n));
                const off = rt.on('room.*', (d, type) => log.push('room ' + type));
                rt.on('*', (d, type) => { if (!['state', 'ready', 'resumed'].includes(type)) log.push('all ' + type); });
                rt.start(); await tick(30);
                off();
                for (const [type, n] of [['message.created', 1], ['message.updated', 2], ['room.play', 3], ['messages', 4]]) FakeWS.last.frame({ type, data: { n } });
                rt.stop();
                """);
        assertThat(log.stream().filter(l -> !l.startsWith("open") && !l.startsWith("send"))).containsExactly(
                "exact 1", "group message.created 1", "all message.created",
                "group message.updated 2", "all message.updated",
                "all room.play",
                "all messages");
    }

    @Test
    void binaryFramesAreRoutedByTheirHeaderAndSentWithIt() {
        List<String> log = run("""
                const rt = new Realtime(deps());
                rt.onBinary('list.', (payload, route) => log.push('got ' + route + ' ' + Array.from(payload).join(',')));
                rt.onBinary('call.', () => log.push('wrong handler'));
                log.push('closed send ' + rt.sendBinary('list.update', new Uint8Array([9])));
                rt.start(); await tick(30);
                FakeWS.last.emit('message', { data: R.lengthPrefixedCodec.encode('list.update', new Uint8Array([1, 2, 255])) });
                FakeWS.last.emit('message', { data: new Uint8Array([200, 1]).buffer }); // a header longer than the frame: ignored
                log.push('open send ' + rt.sendBinary('list.update', new Uint8Array([7, 8])));
                rt.stop();
                """);
        assertThat(log).containsSubsequence("closed send false", "got list.update 1,2,255",
                "binary 11,108,105,115,116,46,117,112,100,97,116,101,7,8", "open send true");
        assertThat(log).doesNotContain("wrong handler");
    }
}
