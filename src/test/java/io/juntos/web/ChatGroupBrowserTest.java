package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Group management from the web client, names changing live, and the sent / delivered / read marks. */
class ChatGroupBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("chat-group");

    private static Locator message(Page page, String text) {
        return page.locator("[data-testid=messages] .msg", new Page.LocatorOptions().setHasText(text));
    }

    private static void send(Page page, String text) {
        Locator composer = page.locator("[data-testid=composer]");
        composer.fill(text);
        composer.press("Enter");
    }

    private static Locator button(Locator in, String name) {
        return in.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator info(Page page) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Conversation info")).click();
        return page.locator("[data-testid=conversation-info]");
    }

    private static void confirm(Page page, String action) {
        page.locator("dialog.modal", new Page.LocatorOptions().setHasText(action)).last()
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action).setExact(true)).click();
    }

    @Test
    void ownerRenamesPromotesResetsTheCodeAndRemovesAMemberWhileOthersSeeItLive() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        People.Person caio = People.create(web.api(), "Caio Prado");
        var group = ana.api(web.api()).post("/api/conversations/groups", Map.of("name", "Movie night")).json();
        String id = group.path("id").asText();
        String oldCode = group.path("joinCode").asText();
        for (People.Person p : new People.Person[] {bruno, caio}) {
            assertThat(p.api(web.api()).post("/api/conversations/join", Map.of("code", oldCode)).status()).isEqualTo(201);
        }
        BrowserContext ctxA = web.context(), ctxB = web.context(), ctxC = web.context();
        Page a = web.page(ctxA, "ana"), b = web.page(ctxB, "bruno"), c = web.page(ctxC, "caio");
        People.signIn(a, ana);
        People.signIn(b, bruno);
        People.signIn(c, caio);
        a.navigate("/#/chat/" + id);
        b.navigate("/#/chat/" + id);
        c.navigate("/#/chat/" + id);
        assertThat(a.locator(".thread-sub")).containsText("3 members");

        // A plain member sees the members but not the code or the link
        Locator bInfo = info(b);
        assertThat(bInfo).containsText("Only owners and admins can see");
        assertThat(bInfo.locator("[data-testid=join-code]")).hasCount(0);
        assertThat(bInfo.locator("select")).hasCount(0);
        web.shots(b, "01-member-info");

        // The owner renames the group: everyone's title follows
        Locator aInfo = info(a);
        aInfo.getByLabel("Group name").fill("Movie club");
        button(aInfo, "Rename").click();
        assertThat(b.locator("[data-testid=thread-title]")).hasText("Movie club");
        assertThat(c.locator(".conv", new Page.LocatorOptions().setHasText("Movie club"))).hasCount(1);

        // The owner makes Bruno an admin: his open dialog now shows the code
        aInfo.getByLabel("Role of Bruno Costa").selectOption("admin");
        assertThat(bInfo.locator("[data-testid=join-code]")).hasText(oldCode);
        assertThat(aInfo.locator("[data-member='" + bruno.username() + "']").getByLabel("Role of Bruno Costa")).hasValue("admin");
        web.shots(a, "02-owner-info");

        // Reset code: the old one stops working, the new one is shown
        button(aInfo, "Reset code").click();
        confirm(a, "Reset code");
        assertThat(aInfo.locator("[data-testid=join-code]")).not().hasText(oldCode);
        People.Person dora = People.create(web.api(), "Dora Reis");
        assertThat(dora.api(web.api()).post("/api/conversations/join", Map.of("code", oldCode)).status()).isEqualTo(404);

        // The owner removes Caio: he is told, and the others see two members
        button(aInfo, "Remove Caio Prado").click();
        confirm(a, "Remove");
        assertThat(c.locator(".conv", new Page.LocatorOptions().setHasText("Movie club"))).hasCount(0);
        assertThat(aInfo.locator("[data-testid=members] li")).hasCount(2);
        assertThat(aInfo.locator(".label").filter(new Locator.FilterOptions().setHasText("member"))).containsText("2 members");
        assertThat(b.locator(".thread-sub")).containsText("2 members");
        web.shots(a, "03-after-remove");
        ctxA.close();
        ctxB.close();
        ctxC.close();
    }

    @Test
    void aNameChangeShowsLiveInTheListTheThreadAndSenderNames() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        String direct = bruno.api(web.api()).post("/api/conversations/direct", Map.of("username", ana.username())).json().path("id").asText();
        bruno.api(web.api()).post("/api/conversations/" + direct + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "Hello from Bruno"));
        BrowserContext ctx = web.context();
        Page a = web.page(ctx, "ana");
        People.signIn(a, ana);
        assertThat(a.locator(".conv", new Page.LocatorOptions().setHasText("Bruno Costa"))).hasCount(1);
        a.navigate("/#/chat/" + direct);
        assertThat(a.locator("[data-testid=thread-title]")).hasText("Bruno Costa");

        var r = bruno.api(web.api()).put("/api/profile", Map.of("fullName", "Bruno Renamed"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(a.locator("[data-testid=thread-title]")).hasText("Bruno Renamed");
        assertThat(a.locator(".conv", new Page.LocatorOptions().setHasText("Bruno Renamed"))).hasCount(1);
        assertThat(a.locator(".conv", new Page.LocatorOptions().setHasText("Bruno Costa"))).hasCount(0);
        // The person is one click away: the header avatar leads to the profile page
        assertThat(a.locator(".thread-head a.person-link")).hasAttribute("href", "#/people/" + bruno.id());
        ctx.close();
    }

    @Test
    void sentDeliveredAndReadMarksDifferAndADeletedMessageHasNone() {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        BrowserContext ctxA = web.context(), ctxB = web.context();
        Page a = web.page(ctxA, "ana");
        People.signIn(a, ana);
        String direct = ana.api(web.api()).post("/api/conversations/direct", Map.of("username", bruno.username())).json().path("id").asText();
        a.navigate("/#/chat/" + direct);
        send(a, "Are you awake?");
        Locator first = message(a, "Are you awake?");
        assertThat(first).hasAttribute("data-status", "sent"); // Bruno has no device online: one tick
        assertThat(first.locator(".status path")).hasCount(1);
        send(a, "This one I will take back");

        Page b = web.page(ctxB, "bruno");
        People.signIn(b, bruno); // his device stores both: two grey ticks
        assertThat(first).hasAttribute("data-status", "delivered");
        String delivered = (String) first.locator(".status").evaluate("el => getComputedStyle(el).color");
        Locator gone = message(a, "take back");
        gone.hover();
        button(gone, "Delete").click();
        confirm(a, "Delete");
        assertThat(message(a, "You deleted this message").locator(".status")).hasCount(0);
        a.mouse().move(0, 0);
        web.shots(a, "04-delivered");

        b.locator(".conv", new Page.LocatorOptions().setHasText("Ana Lima")).click();
        assertThat(first).hasAttribute("data-status", "read");
        assertThat(first.locator(".status path")).hasCount(2);
        String read = (String) first.locator(".status").evaluate("el => getComputedStyle(el).color");
        assertThat(read).as("read ticks are coloured, delivered ones grey").isNotEqualTo(delivered);
        web.shots(a, "05-read");
        ctxA.close();
        ctxB.close();
    }
}
