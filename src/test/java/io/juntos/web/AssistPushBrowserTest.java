package io.juntos.web;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.juntos.assist.FakeChatServer;
import io.juntos.testing.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reply suggestions streaming into the composer area from a chat-completions endpoint of the
 * test's own, and a push delivered to the service worker over CDP ({@code ServiceWorker.deliverPushMessage}:
 * headless Chromium cannot subscribe to a real push service) showing its notification.
 */
class AssistPushBrowserTest {
    static final FakeChatServer MODEL = startModel();

    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("assist")
            .env("JUNTOS_AI_URL", MODEL.url()).env("JUNTOS_AI_MODEL", "test-model");

    static FakeChatServer startModel() {
        try {
            return new FakeChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    String conversationWith(People.Person a, People.Person b, String text) {
        Api api = web.api();
        var g = api.as(a.accessToken()).post("/api/conversations/groups", Map.of("name", "Weekend trip")).json();
        api.as(b.accessToken()).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
        api.as(b.accessToken()).post("/api/conversations/" + g.path("id").asText() + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        return g.path("id").asText();
    }

    @Test
    void suggestionsStreamInAndATapPutsOneInTheComposerAndCancelStops() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        String conv = conversationWith(ana, bruno, "¿Vienes mañana al lago?");
        Page page = web.page("ana");
        People.signIn(page, ana);
        page.navigate("/#/chat/" + conv);
        assertThat(page.locator(".assist-label")).hasText("by a language model");

        // A stream that never ends: the first chip grows while the model writes; Cancel stops it.
        MODEL.next = FakeChatServer.Behaviour.ENDLESS;
        page.locator("[data-testid=assist-ask]").click();
        Locator chips = page.locator("[data-testid=assist-chip]");
        assertThat(chips.first()).containsText("Thinking..");
        web.shots(page, "01-streaming");
        page.locator("[data-testid=assist-cancel]").click();
        assertThat(page.locator("[data-testid=assist-ask]")).isVisible();

        MODEL.next = FakeChatServer.Behaviour.SPLIT_UTF8;
        page.locator("[data-testid=assist-ask]").click();
        assertThat(chips).hasText(new String[] {"Sí, claro 👍", "Maybe later?", "Let me check the café ☕"});
        web.shots(page, "02-suggestions");
        chips.nth(1).click();
        assertThat(page.locator("[data-testid=composer]")).hasValue("Maybe later?");
        web.assertClean();
    }

    @Test
    void aPushDeliveredToTheServiceWorkerShowsItsNotificationAndSettingsListDevices() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        conversationWith(ana, bruno, "hello");
        BrowserContext ctx = web.context();
        ctx.grantPermissions(List.of("notifications"));
        Page page = web.page(ctx, "ana");
        People.signIn(page, ana);
        page.navigate("/#/notifications");
        assertThat(page.locator("[data-testid=push-state]")).not().isEmpty();
        assertThat(page.locator("[data-testid=push-mutes]")).containsText("Weekend trip");

        // The worker registered by the client, found over CDP.
        CDPSession cdp = ctx.newCDPSession(page);
        AtomicReference<String> registrationId = new AtomicReference<>();
        cdp.on("ServiceWorker.workerRegistrationUpdated", e -> {
            for (var r : e.getAsJsonArray("registrations")) {
                JsonObject o = r.getAsJsonObject();
                if (o.get("scopeURL").getAsString().equals(web.server().baseUrl() + "/") && !o.get("isDeleted").getAsBoolean()) {
                    registrationId.set(o.get("registrationId").getAsString());
                }
            }
        });
        cdp.send("ServiceWorker.enable");
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)");
        for (int i = 0; i < 100 && registrationId.get() == null; i++) page.waitForTimeout(50);
        assertThat(registrationId.get()).as("service worker registration").isNotNull();

        JsonObject push = new JsonObject();
        push.addProperty("origin", web.server().baseUrl());
        push.addProperty("registrationId", registrationId.get());
        push.addProperty("data", "{\"title\":\"Weekend trip\",\"body\":\"Bruno Costa: ¿Vienes mañana?\",\"url\":\"/#/chat/x\",\"tag\":\"conv.x\"}");
        cdp.send("ServiceWorker.deliverPushMessage", push);
        // Polled from here: page.evaluate awaits the async check (waitForFunction may not), up to 30 s on a loaded machine.
        Object shown = null;
        for (int i = 0; i < 300 && shown == null; i++) {
            shown = page.evaluate("""
                    async () => {
                      const reg = await navigator.serviceWorker.ready;
                      const n = await reg.getNotifications();
                      return n.length ? n.map((x) => x.title + '|' + x.body + '|' + x.tag).join(';') : null;
                    }""");
            if (shown == null) page.waitForTimeout(100);
        }
        assertThat(String.valueOf(shown)).isEqualTo("Weekend trip|Bruno Costa: ¿Vienes mañana?|conv.x");

        // A device registered through the API is listed and removable on the settings page.
        web.api().as(ana.accessToken()).post("/api/push/subscriptions", Map.of("endpoint", "https://push.example.org/send/abc",
                "keys", Map.of("p256dh", "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U",
                        "auth", "tBHItJI5svbpez7KI4CCXg"), "label", "Firefox on Linux"));
        page.reload();
        assertThat(page.locator("[data-testid=push-devices]")).containsText("Firefox on Linux");
        web.shots(page, "03-notification-settings");
        page.locator("[data-testid=push-remove]").click();
        assertThat(page.locator("[data-testid=push-devices]")).containsText("No device yet.");
        web.assertClean();
    }
}
