package io.juntos.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import io.juntos.push.PushEvent;
import io.juntos.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clicking a push notification opens the right screen (issue 14). The server's own payloads
 * ({@link PushEvent#payload}) for a new message and a room invite are delivered to the page's
 * service worker over CDP ({@code ServiceWorker.deliverPushMessage}); the click is dispatched
 * through the worker's registration as a {@code notificationclick} carrying the notification it
 * shows (headless Chromium has no notification to click). The open tab must land on the
 * conversation, then on the room.
 */
class PushClickBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("push-click");

    /** The service worker the client registered, and its registration id for CDP. */
    record Sw(BrowserContext ctx, CDPSession cdp, String registrationId) {
        /**
         * Runs an expression in the service worker's global scope: Playwright for Java has no
         * handle on service workers, so through the browser's CDP target of the worker.
         */
        void evaluate(String expression) {
            CDPSession browser = ctx.browser().newBrowserCDPSession();
            String targetId = null;
            for (var t : browser.send("Target.getTargets").getAsJsonArray("targetInfos")) {
                JsonObject o = t.getAsJsonObject();
                if (o.get("type").getAsString().equals("service_worker") && o.get("url").getAsString().equals(web.server().baseUrl() + "/sw.js")) {
                    targetId = o.get("targetId").getAsString();
                }
            }
            assertThat(targetId).as("the service worker's CDP target").isNotNull();
            JsonObject attach = new JsonObject();
            attach.addProperty("targetId", targetId);
            attach.addProperty("flatten", false);
            String session = browser.send("Target.attachToTarget", attach).get("sessionId").getAsString();
            AtomicReference<String> answer = new AtomicReference<>();
            browser.on("Target.receivedMessageFromTarget", e -> {
                if (e.get("sessionId").getAsString().equals(session) && e.get("message").getAsString().contains("\"id\":1,")) answer.set(e.get("message").getAsString());
            });
            JsonObject params = new JsonObject();
            params.addProperty("expression", expression);
            params.addProperty("awaitPromise", true);
            JsonObject call = new JsonObject();
            call.addProperty("id", 1);
            call.addProperty("method", "Runtime.evaluate");
            call.add("params", params);
            JsonObject send = new JsonObject();
            send.addProperty("sessionId", session);
            send.addProperty("message", call.toString());
            browser.send("Target.sendMessageToTarget", send);
            for (int i = 0; i < 200 && answer.get() == null; i++) browser.send("Browser.getVersion"); // pumps events
            assertThat(answer.get()).as("the worker evaluated the expression").isNotNull().doesNotContain("exceptionDetails");
            browser.detach();
        }
    }

    Sw serviceWorker(BrowserContext ctx, Page page) {
        CDPSession cdp = ctx.newCDPSession(page);
        AtomicReference<String> id = new AtomicReference<>();
        cdp.on("ServiceWorker.workerRegistrationUpdated", e -> {
            for (var r : e.getAsJsonArray("registrations")) {
                JsonObject o = r.getAsJsonObject();
                if (o.get("scopeURL").getAsString().equals(web.server().baseUrl() + "/") && !o.get("isDeleted").getAsBoolean()) {
                    id.set(o.get("registrationId").getAsString());
                }
            }
        });
        cdp.send("ServiceWorker.enable");
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)");
        for (int i = 0; i < 100 && id.get() == null; i++) page.waitForTimeout(50);
        assertThat(id.get()).as("service worker registration").isNotNull();
        page.waitForFunction("() => !!navigator.serviceWorker.controller"); // clients.claim() took the page
        return new Sw(ctx, cdp, id.get());
    }

    /** Delivers the payload, waits for its notification, then clicks it through the worker; returns the notification's tag. */
    static String deliverAndClick(Sw sw, Page page, PushEvent.Payload payload) throws Exception {
        JsonObject push = new JsonObject();
        push.addProperty("origin", web.server().baseUrl());
        push.addProperty("registrationId", sw.registrationId());
        push.addProperty("data", JSON.writeValueAsString(payload));
        sw.cdp().send("ServiceWorker.deliverPushMessage", push);
        Object tag = null;
        for (int i = 0; i < 300 && tag == null; i++) {
            tag = page.evaluate("async (t) => { const reg = await navigator.serviceWorker.ready;"
                    + " const n = await reg.getNotifications({ tag: t }); return n.length ? n[0].tag : null; }", payload.tag());
            if (tag == null) page.waitForTimeout(100);
        }
        assertThat(tag).as("the notification is shown").isEqualTo(payload.tag());
        sw.evaluate("(async () => { const [n] = await self.registration.getNotifications({ tag: " + JSON.writeValueAsString(payload.tag()) + " });"
                + " self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n })); return true; })()");
        return (String) tag;
    }

    @Test
    void clickingANotificationOpensItsConversationThenItsRoomInTheOpenTab() throws Exception {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        Api asBruno = web.api().as(bruno.accessToken());
        var g = web.api().as(ana.accessToken()).post("/api/conversations/groups", Map.of("name", "Weekend trip")).json();
        asBruno.post("/api/conversations/join", Map.of("code", g.path("joinCode").asText()));
        String conv = g.path("id").asText();
        asBruno.post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "¿Vienes mañana al lago?"));

        BrowserContext ctx = web.context();
        ctx.grantPermissions(List.of("notifications"));
        Page page = web.page(ctx, "ana");
        People.signIn(page, ana);
        page.navigate("/#/rooms");
        Sw sw = serviceWorker(ctx, page);

        var message = PushEvent.payload(new PushEvent.NewMessage(conv, "Weekend trip", "Bruno Costa", "¿Vienes mañana al lago?", List.of(ana.id())), false);
        deliverAndClick(sw, page, message);
        assertThat(page).hasURL(Pattern.compile("#/chat/" + conv + "$"));
        assertThat(page.locator("main")).containsText("¿Vienes mañana al lago?");
        Object left = page.evaluate("async () => (await (await navigator.serviceWorker.ready).getNotifications()).length");
        assertThat(((Number) left).intValue()).as("the clicked notification is closed").isZero();
        web.shots(page, "01-opened-conversation");

        // Bruno invites Ana to his room: the invite's notification opens the room.
        var room = asBruno.post("/api/rooms", Map.of("name", "Friday film club")).json().path("room");
        Api.Res invited = asBruno.post("/api/rooms/" + room.path("id").asText() + "/invites", Map.of("username", ana.username()));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        var invite = PushEvent.payload(new PushEvent.RoomInvite(room.path("id").asText(), "Friday film club", "Bruno Costa", List.of(ana.id())), false);
        assertThat(invite.url()).isEqualTo("/#/rooms/" + room.path("id").asText());
        deliverAndClick(sw, page, invite);
        assertThat(page).hasURL(Pattern.compile("#/rooms/" + room.path("id").asText() + "$"));
        assertThat(page.locator(".room-title")).hasText("Friday film club");
        web.shots(page, "02-opened-room");
        web.assertClean();
    }
}
