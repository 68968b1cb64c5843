package io.juntos.web;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's structure (docs/web-client.md): a feature registered from the page with one
 * call gets its route, its navigation entry with a badge, its session start on the shared realtime
 * connection and the one view lifecycle (mount → update keeps what is on screen → destroy); the
 * store pattern refuses writes from outside and only notifies real changes; user text stays text
 * in lit-rendered and hand-built views alike.
 */
class WebPlatformBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("platform");

    /** A test-only feature: a route with a param, a nav entry with a badge, a stream cursor and a frame group. */
    private static final String DEMO_FEATURE = """
            async () => {
              const { feature } = await import('/js/registry.js');
              window.demo = { mounts: 0, updates: 0, destroys: 0, params: [], started: 0, stopped: 0 };
              feature({
                id: 'demo',
                routes: [{ path: '/demo/:n', title: 'Demo', nav: 'demo', mount(root, params) {
                  demo.mounts++; demo.params.push(params.n);
                  const video = document.createElement('video'); video.id = 'demo-player';
                  const label = document.createElement('h1'); label.textContent = 'Demo ' + params.n;
                  const note = document.createElement('p'); note.textContent = 'A test-only feature: its player element survives moving between its routes.';
                  const head = document.createElement('header'); head.className = 'page-head'; head.append(label);
                  const body = document.createElement('div'); body.className = 'card-body'; body.append(note, video);
                  const card = document.createElement('section'); card.className = 'card'; card.append(body);
                  const page = document.createElement('div'); page.className = 'page demo'; page.append(head, card);
                  root.replaceChildren(page);
                  return { update(p) { demo.updates++; demo.params.push(p.n); label.textContent = 'Demo ' + p.n; }, destroy() { demo.destroys++; } };
                } }],
                nav: [{ key: 'demo', href: '#/demo/1', label: 'Demo', icon: 'activity', order: 50 }],
                start({ realtime, badge }) {
                  demo.started++;
                  realtime.track({ cursors: () => ({ 'demo.stream': 5 }), resumed: () => {} });
                  realtime.on('demo.*', () => {});
                  badge('demo', 3);
                  return { stop() { demo.stopped++; } };
                },
              });
            }
            """;

    @Test
    void aFeatureRegisteredWithOneCallGetsItsRouteNavBadgeSessionStartAndOneViewLifecycle() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        Page page = web.page("ana");
        People.signIn(page, ana);
        page.evaluate(DEMO_FEATURE);

        var navItem = page.locator(".rail [data-nav=demo]");
        assertThat(navItem).hasText(Pattern.compile("Demo\\s*3"));
        assertThat(page).hasTitle(Pattern.compile("^\\(3\\) "));
        assertThat(page.evaluate("() => demo.started")).isEqualTo(1);

        navItem.click();
        assertThat(page.locator(".demo h1")).hasText("Demo 1");
        assertThat(navItem).hasAttribute("aria-current", "page");
        page.evaluate("() => { window.player = document.getElementById('demo-player'); }");
        web.shots(page, "01-test-feature");

        page.evaluate("() => { location.hash = '#/demo/2'; }");
        assertThat(page.locator(".demo h1")).hasText("Demo 2");
        assertThat(page.evaluate("() => document.getElementById('demo-player') === window.player")).isEqualTo(true);

        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Chats").setExact(true)).click();
        assertThat(page.locator(".conv-list")).containsText("No conversations yet");
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) page.evaluate("() => demo");
        assertThat(counts).containsEntry("mounts", 1).containsEntry("updates", 1).containsEntry("destroys", 1);
        assertThat(counts.get("params")).isEqualTo(List.of("1", "2"));

        page.locator("[data-action=signout]").click();
        assertThat(page).hasURL(Pattern.compile("#/signin$"));
        assertThat(page.evaluate("() => demo.stopped")).isEqualTo(1);
    }

    @Test
    void storesReplaceFrozenStateThroughReducersAndTellOnlyAboutRealChanges() {
        Page page = web.page("store");
        page.navigate("/api.html");
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) page.evaluate("""
                async () => {
                  'use strict'; // as in the client's modules
                  const { Store } = await import('/js/store.js');
                  const log = [];
                  const s = new Store({ active: null, n: 0 }, {
                    open: (st, id) => (st.active === id ? st : { ...st, active: id }),
                    bump: (st) => ({ ...st, n: st.n + 1 }),
                  });
                  s.select((st) => st.active, (a) => log.push('active ' + a));
                  s.on('open', (id) => log.push('opened ' + id));
                  const first = s.state;
                  s.dispatch('open', 'c1');
                  s.dispatch('open', 'c1');
                  s.dispatch('bump');
                  log.push('same object after a no-op ' + (s.dispatch('open', 'c1') === s.state));
                  log.push('old state untouched ' + (first.active === null));
                  try { s.state.active = 'hacked'; log.push('write allowed'); } catch (e) { log.push('write refused ' + e.constructor.name); }
                  try { s.dispatch('nope'); } catch (e) { log.push('unknown action refused'); }
                  log.push('active ' + s.state.active + ' n ' + s.state.n);
                  return log;
                }
                """);
        assertThat(log).containsExactly("active null", "active c1", "opened c1", "same object after a no-op true",
                "old state untouched true", "write refused TypeError", "unknown action refused", "active c1 n 1");
    }

    @Test
    void userTextStaysTextInLitAndHandBuiltViewsAndTheDomHelperRefusesMarkupAndScriptUrls() {
        People.Person bia = People.create(web.api(), "Bia Souza");
        String hostile = "<img src=x onerror=\"window.pwned=1\">Party";
        var r = bia.api(web.api()).post("/api/conversations/groups", Map.of("name", hostile));
        assertThat(r.status()).isEqualTo(201);
        Page page = web.page("bia");
        People.signIn(page, bia);
        var row = page.locator("[data-testid=conversations] .conv-name");
        assertThat(row).hasText(hostile);
        assertThat(page.locator(".conv-list img")).hasCount(0);
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);

        @SuppressWarnings("unchecked")
        List<String> refused = (List<String>) page.evaluate("""
                async () => {
                  const { h } = await import('/js/dom.js');
                  const out = [];
                  for (const props of [{ innerHTML: '<b>x</b>' }, { style: 'color: red' }, { onclick: 'alert(1)' },
                    { href: ' javascript:alert(1)' }, { src: 'data:text/html,<script>1</script>' }]) {
                    try { h('a', props); out.push('allowed ' + Object.keys(props)[0]); } catch (e) { out.push('refused ' + Object.keys(props)[0]); }
                  }
                  out.push(h('p', { text: '<b>bold</b>' }).innerHTML);
                  out.push(h('a', { href: 'https://example.org/' }).getAttribute('href'));
                  return out;
                }
                """);
        assertThat(refused).containsExactly("refused innerHTML", "refused style", "refused onclick", "refused href", "refused src",
                "&lt;b&gt;bold&lt;/b&gt;", "https://example.org/");
    }
}
