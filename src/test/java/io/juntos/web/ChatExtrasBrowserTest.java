package io.juntos.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The emoji picker, mute and archive, the outbox surviving a closed tab, and paging the conversation list. */
class ChatExtrasBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("chat-extras")
            .env("JUNTOS_LIMIT_CONVERSATIONS_PER_USER", "1000/1h"); // the paging test creates 205 groups

    private static Locator message(Page page, String text) {
        return page.locator("[data-testid=messages] .msg", new Page.LocatorOptions().setHasText(text));
    }

    private static Locator picker(Page page) {
        return page.locator("[data-testid=emoji-picker]");
    }

    private static String direct(People.Person from, People.Person to) {
        return from.api(web.api()).post("/api/conversations/direct", Map.of("username", to.username())).json().path("id").asText();
    }

    private static void sendApi(People.Person from, String convId, String text) {
        var r = from.api(web.api()).post("/api/conversations/" + convId + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        assertThat(r.status()).isEqualTo(201);
    }

    @Test
    void reactionAndComposerPickersSearchTheFullSetByKeyboardAndRememberRecentOnes() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        String conv = direct(bruno, ana);
        sendApi(bruno, conv, "Pizza tonight?");
        Page a = web.page("ana");
        People.signIn(a, ana);
        a.navigate("/#/chat/" + conv);

        // The reaction picker opens next to its button, with the search field focused
        Locator msg = message(a, "Pizza tonight?");
        msg.hover();
        Locator react = msg.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("React"));
        react.click();
        assertThat(picker(a)).isVisible();
        assertThat(picker(a).getByLabel("Search emoji")).isFocused();
        BoundingBox button = react.boundingBox(), box = picker(a).boundingBox();
        double gap = Math.min(Math.abs(box.y - (button.y + button.height)), Math.abs(button.y - (box.y + box.height)));
        assertThat(gap).as("the picker touches its button").isLessThan(12);
        // the full set (emojilib has about 1,850), not a handful
        a.waitForFunction("() => document.querySelectorAll('[data-testid=emoji-picker] .emoji-btn').length > 1500");
        web.shot(a, "01-reaction-picker", BrowserHarness.DESKTOP, false);

        // Search by keyword ("pie" is one of pizza's), then Enter picks the first hit
        picker(a).getByLabel("Search emoji").fill("pizza");
        assertThat(picker(a).locator(".emoji-btn").first()).hasAttribute("data-emoji", "🍕");
        picker(a).getByLabel("Search emoji").press("Enter");
        assertThat(picker(a)).hasCount(0);
        assertThat(msg.locator(".reaction")).containsText("🍕");
        JsonNode history = bruno.api(web.api()).get("/api/conversations/" + conv + "/messages?limit=5").json();
        assertThat(history.toString()).contains("🍕");

        // The composer's emoji button: arrows move through the results, Enter inserts, Escape closes
        Locator open = a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Insert emoji"));
        open.click();
        picker(a).getByLabel("Search emoji").fill("taco");
        picker(a).getByLabel("Search emoji").press("ArrowDown");
        assertThat(picker(a).locator(".emoji-btn").first()).isFocused();
        a.keyboard().press("Enter");
        assertThat(a.locator("[data-testid=composer]")).hasValue(Pattern.compile("🌮"));
        a.keyboard().press("Escape");
        assertThat(picker(a)).hasCount(0);
        assertThat(open).isFocused();

        // Recently used come first, newest first
        open.click();
        Locator recent = picker(a).locator("[data-group='Recently used'] .emoji-btn");
        assertThat(recent.nth(0)).hasAttribute("data-emoji", "🌮");
        assertThat(recent.nth(1)).hasAttribute("data-emoji", "🍕");
        picker(a).getByLabel("Search emoji").fill("no such emoji at all");
        assertThat(picker(a)).containsText("No emoji for");
        picker(a).getByLabel("Search emoji").fill("");
        web.shots(a, "02-composer-picker");
    }

    @Test
    void muteAndArchiveAreKeptByTheServerAndShownInTheList() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        String dm = direct(bruno, ana);
        sendApi(bruno, dm, "Hi Ana");
        String club = ana.api(web.api()).post("/api/conversations/groups", Map.of("name", "Book club")).json().path("id").asText();
        BrowserContext ctx = web.context();
        Page a = web.page(ctx, "ana");
        People.signIn(a, ana);
        Locator clubRow = a.locator(".conv-list .conv[data-conv='" + club + "']");
        clubRow.click();

        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Conversation info")).click();
        Locator info = a.locator("[data-testid=conversation-info]");
        info.getByLabel("Mute notifications").check();
        assertThat(clubRow.locator("[data-testid=muted]")).isVisible();
        JsonNode push = ana.api(web.api()).get("/api/push").json();
        assertThat(push.path("mutes").toString()).contains("conv." + club);

        info.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Archive")).click();
        assertThat(clubRow).hasCount(0);
        Locator archived = a.locator("[data-testid=archived]");
        assertThat(archived).containsText("1");
        a.evaluate("() => { location.hash = '#/chats'; }");
        web.shots(a, "03-archived-row");
        archived.click();
        assertThat(clubRow).isVisible();
        assertThat(clubRow.locator("[data-testid=muted]")).isVisible();
        assertThat(a.locator(".conv-list .conv[data-conv='" + dm + "']")).hasCount(0);
        web.shots(a, "04-archived-section");

        // Another device of Ana's loads the same state from the server
        Page other = web.page(web.context(), "ana-phone");
        other.setViewportSize(BrowserHarness.PHONE, 844);
        People.signIn(other, ana);
        assertThat(other.locator("[data-testid=archived]")).containsText("1");
        assertThat(other.locator(".conv-list .conv[data-conv='" + club + "']")).hasCount(0);

        // Unarchive and unmute: back in the main list, without the mark
        clubRow.click();
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Conversation info")).click();
        info.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unarchive")).click();
        info.getByLabel("Mute notifications").uncheck();
        a.keyboard().press("Escape");
        a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Back to chats")).click();
        assertThat(clubRow).isVisible();
        assertThat(clubRow.locator("[data-testid=muted]")).hasCount(0);
        assertThat(a.locator("[data-testid=archived]")).hasCount(0);
        assertThat(other.locator(".conv-list .conv[data-conv='" + club + "']")).isVisible();
    }

    @Test
    void aMessageStillSendingWhenTheTabClosesIsSentOnceWhenTheAppOpensAgain() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        String conv = direct(ana, bruno);
        BrowserContext ctx = web.context();
        Page a = web.page(ctx, "ana");
        People.signIn(a, ana);
        a.navigate("/#/chat/" + conv);
        assertThat(a.locator("[data-testid=thread-title]")).hasText("Bruno Costa");

        ctx.setOffline(true);
        assertThat(a.locator(".conn")).isVisible();
        a.locator("[data-testid=composer]").fill("Written on the train");
        a.locator("[data-testid=composer]").press("Enter");
        assertThat(message(a, "Written on the train")).hasAttribute("data-status", "pending");
        assertThat((String) a.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('juntos.outbox.')).map((k) => localStorage.getItem(k)).join()"))
                .contains("Written on the train");
        a.close();
        ctx.setOffline(false);

        Page again = web.page(ctx, "ana-again");
        again.navigate("/#/chat/" + conv);
        assertThat(message(again, "Written on the train")).hasAttribute("data-status", Pattern.compile("sent|delivered|read"),
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
        JsonNode items = bruno.api(web.api()).get("/api/conversations/" + conv + "/messages?limit=20").json().path("items");
        long copies = StreamSupport.stream(items.spliterator(), false).filter(m -> m.path("text").asText().equals("Written on the train")).count();
        assertThat(copies).isEqualTo(1);
        assertThat((String) again.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('juntos.outbox.')).join()")).isEmpty();
        // Reloading once more sends nothing again
        again.reload();
        assertThat(message(again, "Written on the train")).hasCount(1);
        sendApi(bruno, conv, "Got it"); // sentinel: it arrives after anything the reload could have sent
        assertThat(message(again, "Got it")).isVisible();
        JsonNode after = bruno.api(web.api()).get("/api/conversations/" + conv + "/messages?limit=20").json().path("items");
        assertThat(after.size()).isEqualTo(2);
    }

    @Test
    void theConversationListPagesPastTheFirst200() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        for (int i = 1; i <= 205; i++) {
            var r = ana.api(web.api()).post("/api/conversations/groups", Map.of("name", String.format("Group %03d", i)));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        Page a = web.page("ana");
        People.signIn(a, ana);
        Locator rows = a.locator(".conv-list a.conv");
        assertThat(rows).hasCount(200);
        assertThat(a.locator(".conv-list .conv", new Page.LocatorOptions().setHasText("Group 001"))).hasCount(0);
        // Scrolling to the end loads the next page (the oldest groups)
        a.locator("[data-testid=load-more]").scrollIntoViewIfNeeded();
        assertThat(rows).hasCount(205);
        assertThat(a.locator(".conv-list .conv", new Page.LocatorOptions().setHasText("Group 001"))).hasCount(1);
        assertThat(a.locator("[data-testid=load-more]")).hasCount(0);
        assertThat(rows.first()).containsText("Group 205");
    }
}
