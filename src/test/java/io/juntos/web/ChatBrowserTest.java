package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Two people chatting in two browser profiles: direct conversation, receipts, typing, reactions, history. */
class ChatBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("chat");

    private static Locator lastMessage(Page page) {
        return page.locator("[data-testid=messages] .msg").last();
    }

    private static Locator message(Page page, String text) {
        return page.locator("[data-testid=messages] .msg", new Page.LocatorOptions().setHasText(text));
    }

    private static void send(Page page, String text) {
        Locator composer = page.locator("[data-testid=composer]");
        composer.fill(text);
        composer.press("Enter");
    }

    @Test
    void twoPeopleChatWithReceiptsTypingReplyEditAndReactions() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        BrowserContext ctxA = web.context();
        BrowserContext ctxB = web.context();
        Page a = web.page(ctxA, "ana");
        Page b = web.page(ctxB, "bruno");
        People.signIn(a, ana);
        People.signIn(b, bruno);
        assertThat(a.locator(".conv-list")).containsText("No conversations yet");
        web.shots(a, "01-empty");

        // Ana starts a direct conversation with Bruno by username
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New conversation").setExact(true)).first().click();
        a.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill("nobody.here");
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start chat")).click();
        assertThat(a.locator("[data-error-for=username]")).not().isEmpty();
        web.shots(a, "02-new-chat-error");
        a.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill(bruno.username());
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start chat")).click();
        assertThat(a).hasURL(Pattern.compile("#/chat/\\w+"));
        assertThat(a.locator("[data-testid=thread-title]")).hasText("Bruno Costa");

        // Ana writes; Bruno's list shows it unread; Ana sees it delivered
        send(a, "Hi Bruno! Are we still on for the movie tonight? 🍿");
        assertThat(lastMessage(a)).containsText("movie tonight");
        Locator brunoRow = b.locator(".conv", new Page.LocatorOptions().setHasText("Ana Lima"));
        assertThat(brunoRow).containsText("movie tonight");
        assertThat(brunoRow.locator("[data-testid=unread]")).hasText("1");
        assertThat(lastMessage(a)).hasAttribute("data-status", "delivered");
        web.shots(b, "03-list-unread");

        // Bruno opens it: Ana sees it read; Bruno types and Ana sees the typing indicator
        brunoRow.click();
        assertThat(message(b, "movie tonight")).isVisible();
        assertThat(lastMessage(a)).hasAttribute("data-status", "read");
        b.locator("[data-testid=composer]").pressSequentially("Yes! I'll bring", new Locator.PressSequentiallyOptions().setDelay(20));
        assertThat(a.locator("[data-testid=typing]")).containsText("Bruno is typing");
        web.shots(a, "04-typing");
        b.locator("[data-testid=composer]").press("End");
        b.locator("[data-testid=composer]").pressSequentially(" snacks.");
        b.locator("[data-testid=composer]").press("Enter");
        assertThat(lastMessage(a)).containsText("Yes! I'll bring snacks.");
        assertThat(a.locator("[data-testid=typing]")).not().containsText("typing");

        // Reply, edit, react
        Locator brunos = message(a, "bring snacks");
        brunos.hover();
        brunos.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reply")).click();
        send(a, "Perfect, see you at 8");
        assertThat(lastMessage(b).locator(".quote")).containsText("bring snacks");
        Locator first = message(a, "movie tonight");
        first.hover();
        first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit")).click();
        Locator composer = a.locator("[data-testid=composer]");
        composer.fill("Hi Bruno! Are we still on for the movie tonight? 🍿🎬");
        composer.press("Enter");
        assertThat(message(b, "🍿🎬").locator(".edited")).isVisible();
        Locator onB = message(b, "see you at 8");
        onB.hover();
        onB.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("React")).click();
        b.locator("[data-testid=emoji-picker]").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("thumbs up").setExact(true)).first().click();
        assertThat(message(a, "see you at 8").locator(".reaction")).containsText("👍");
        assertThat(message(a, "see you at 8").locator(".reaction")).containsText("1");

        // User text is text: markup arrives literally
        send(b, "<img src=x onerror=alert(1)> is not a picture");
        assertThat(lastMessage(a)).containsText("<img src=x onerror=alert(1)> is not a picture");
        assertThat(lastMessage(a).locator("img")).hasCount(0);
        send(b, "Trailer: https://example.org/trailer?id=42, see you!");
        Locator link = lastMessage(a).locator(".text a");
        assertThat(link).hasAttribute("href", "https://example.org/trailer?id=42");
        assertThat(link).hasAttribute("rel", Pattern.compile("noopener"));
        assertThat(lastMessage(a).locator(".text")).hasText("Trailer: https://example.org/trailer?id=42, see you!");

        // Bruno deletes a message for everyone
        send(b, "Oops, wrong chat");
        assertThat(lastMessage(a)).containsText("Oops, wrong chat");
        Locator oops = message(b, "Oops, wrong chat");
        oops.hover();
        oops.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        b.locator("dialog.modal").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(lastMessage(a)).containsText("This message was deleted");
        assertThat(lastMessage(a)).not().containsText("Oops");
        assertThat(lastMessage(b)).containsText("You deleted this message");

        a.mouse().move(0, 0);
        b.mouse().move(0, 0);
        web.shots(a, "05-thread-ana");
        web.shots(b, "06-thread-bruno");
        // On a phone there is no hover: tapping a message shows its actions
        b.setViewportSize(BrowserHarness.PHONE, 844);
        message(b, "see you at 8").locator(".text").click();
        assertThat(message(b, "see you at 8").locator(".msg-actions")).hasCSS("opacity", "1");
        assertThat(message(b, "see you at 8").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reply"))).isInViewport();
        web.shot(b, "06b-actions-tap", BrowserHarness.PHONE);
        b.setViewportSize(BrowserHarness.DESKTOP, 800);
        a.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
        web.shots(a, "05-thread-ana-dark");
        a.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.LIGHT));
        b.navigate("/#/chats");
        web.shots(b, "07-list");
        ctxA.close();
        ctxB.close();
    }

    @Test
    void scrollsBackThroughHistoryAndCatchesUpAfterGoingOffline() {
        People.Person ana = People.create(web.api(), "Ana Souza");
        People.Person caio = People.create(web.api(), "Caio Prado");
        var caioApi = caio.api(web.api());
        String convId = caioApi.post("/api/conversations/direct", Map.of("username", ana.username())).json().path("id").asText();
        for (int i = 1; i <= 120; i++) {
            String text = i == 5 ? "History line 5, where the walrus hides" : "History line " + i;
            var r = caioApi.post("/api/conversations/" + convId + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
            assertThat(r.status()).isEqualTo(201);
        }
        BrowserContext ctx = web.context();
        Page a = web.page(ctx, "ana");
        People.signIn(a, ana);
        a.locator(".conv", new Page.LocatorOptions().setHasText("Caio Prado")).click();
        assertThat(lastMessage(a)).containsText("History line 120");
        Locator texts = a.locator("[data-testid=messages] .msg .text");
        assertThat(texts.getByText("History line 1", new Locator.GetByTextOptions().setExact(true))).hasCount(0);
        // A search hit far back in history: opening it pages back until the message is on screen
        a.locator(".search-input").fill("walrus");
        a.locator(".conv.result").first().click();
        assertThat(message(a, "walrus")).isInViewport();
        assertThat(message(a, "walrus")).isFocused();
        a.locator(".search-input").fill("");

        // Scrolling to the top loads older pages until the beginning
        for (int i = 0; i < 6 && a.locator(".history-top", new Page.LocatorOptions().setHasText("beginning")).count() == 0; i++) {
            a.locator(".scroller").evaluate("el => el.scrollTop = 0");
            a.waitForTimeout(300);
        }
        assertThat(texts.first()).hasText("History line 1");
        assertThat(a.locator("[data-testid=messages] .msg")).hasCount(120);
        assertThat(a.locator(".history-top")).containsText("beginning of the conversation");
        web.shots(a, "08-history-top");

        // Reading far up, a new message does not yank the view: a button offers to jump down
        caioApi.post("/api/conversations/" + convId + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "Are you there?"));
        Locator jump = a.locator(".jump-down");
        assertThat(jump).hasText("1 new message");
        assertThat(message(a, "Are you there?")).not().isInViewport();
        jump.click();
        assertThat(message(a, "Are you there?")).isInViewport();
        assertThat(jump).isHidden();

        // Offline: the app says so; messages sent meanwhile arrive after reconnecting (resume)
        ctx.setOffline(true);
        assertThat(a.locator(".conn")).isVisible();
        for (int i = 1; i <= 3; i++) {
            caioApi.post("/api/conversations/" + convId + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "While you were away " + i));
        }
        send(a, "Sent while offline");
        assertThat(lastMessage(a)).hasAttribute("data-status", "pending");
        web.shots(a, "09-offline");
        ctx.setOffline(false);
        assertThat(message(a, "Sent while offline")).hasAttribute("data-status", Pattern.compile("sent|delivered|read"),
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
        var history = caioApi.get("/api/conversations/" + convId + "/messages?limit=5").body();
        assertThat(history).contains("Sent while offline");
        // The missed messages come first (resume), then the queued one is sent after them
        assertThat(message(a, "While you were away")).hasCount(3, new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(15_000));
        assertThat(lastMessage(a)).containsText("Sent while offline");
        assertThat(a.locator(".conn")).isHidden();
        ctx.close();
    }

    @Test
    void groupIsJoinedByCodeAndByLinkAndSearchFindsItsMessages() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        People.Person caio = People.create(web.api(), "Caio Prado");
        BrowserContext ctxA = web.context();
        BrowserContext ctxB = web.context();
        BrowserContext ctxC = web.context();
        Page a = web.page(ctxA, "ana");
        Page b = web.page(ctxB, "bruno");
        Page c = web.page(ctxC, "caio");
        People.signIn(a, ana);
        People.signIn(b, bruno);

        // Ana creates the group; the invite dialog shows its code and link
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New conversation").setExact(true)).first().click();
        a.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("New group")).click();
        a.getByLabel("Group name").fill("Movie night");
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create group")).click();
        Locator invite = a.locator("[data-testid=conversation-info]");
        assertThat(invite.locator(".code")).hasText(Pattern.compile("^[A-Z0-9]{6,16}$"));
        String code = invite.locator(".code").textContent();
        String link = invite.locator(".invite-link .muted").textContent();
        assertThat(link).contains("#/join/");
        web.shots(a, "10-group-invite");
        invite.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();
        assertThat(a.locator("[data-testid=thread-title]")).hasText("Movie night");
        send(a, "Popcorn or nachos?");
        assertThat(lastMessage(a)).hasAttribute("data-status", Pattern.compile("sent|delivered|read"));

        // Bruno joins with the code, Caio opens the link (signing in first)
        b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New conversation").setExact(true)).first().click();
        b.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Join")).click();
        b.getByLabel("Join code or invite link").fill(code.toLowerCase());
        b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join group")).click();
        assertThat(b.locator("[data-testid=thread-title]")).hasText("Movie night");
        assertThat(message(b, "Popcorn or nachos?")).isVisible();
        c.navigate(link.replaceFirst("^https?://[^/]+", ""));
        c.getByLabel("Username or email", new Page.GetByLabelOptions().setExact(true)).fill(caio.username());
        c.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(caio.password());
        c.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        Locator preview = c.locator("[data-testid=invite-preview]");
        assertThat(preview).containsText("Movie night");
        assertThat(preview).containsText("2 members");
        web.shots(c, "10b-invite-preview");
        preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Join group")).click();
        assertThat(c.locator("[data-testid=thread-title]")).hasText("Movie night");
        assertThat(a.locator(".thread-sub")).containsText("3 members");

        // Messages show who wrote them; everyone gets them live
        send(b, "Nachos, obviously 🌮");
        send(c, "Both!");
        assertThat(lastMessage(a)).containsText("Both!");
        assertThat(message(a, "Nachos, obviously").locator(".sender")).hasText("Bruno Costa");
        assertThat(lastMessage(b).locator(".sender")).hasText("Caio Prado");
        assertThat(message(a, "Popcorn or nachos?").locator(".status")).hasAttribute("title", "Read by 2 of 2 · delivered to 2");
        a.mouse().move(0, 0);
        web.shots(a, "11-group-thread");
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Conversation info")).click();
        Locator info = a.locator("dialog.modal .member-list li");
        assertThat(info).hasCount(3);
        assertThat(info.first()).containsText("Owner");
        web.shots(a, "11b-group-members");
        a.keyboard().press("Escape");

        // Caio leaves; the others see the group shrink
        c.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Conversation info")).click();
        c.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Leave group")).click();
        c.locator("dialog.modal").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Leave")).click();
        assertThat(c).hasURL(Pattern.compile("#/chats$"));
        assertThat(c.locator(".conv", new Page.LocatorOptions().setHasText("Movie night"))).hasCount(0);
        assertThat(a.locator(".thread-sub")).containsText("2 members");

        // Search across conversations (from the list, which is its own screen on phones)
        a.evaluate("() => { location.hash = '#/chats'; }");
        a.locator(".search-input").fill("nachos");
        Locator results = a.locator(".conv.result");
        assertThat(results).hasCount(2);
        assertThat(results.first()).containsText("Movie night");
        web.shots(a, "12-search");
        ctxA.close();
        ctxB.close();
        ctxC.close();
    }
}
