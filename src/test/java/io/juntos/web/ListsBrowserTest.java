package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.juntos.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Chromium profiles co-edit one todo list through the web client (the list CRDT over the
 * socket): text, bold, reorder by keyboard and by drag, done, due date, assignee and an image
 * attachment show the same on both pages; an edit made offline (the context offline) merges when
 * it comes back; a viewer sees no edit affordance; trash and restore. Screenshots of every list
 * screen at 390 and 1280 px.
 */
class ListsBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("lists");

    /** What a page shows: the open tasks' titles in order, then the completed ones. */
    @SuppressWarnings("unchecked")
    static List<String> titles(Page page) {
        return (List<String>) page.evaluate("() => [...document.querySelectorAll('[data-testid=item] [data-testid=title-row] .rt-host')].map((e) => e.textContent)");
    }

    /** Waits until both pages show the same tasks in the same order (and, for the test, that list). */
    static void converged(Page a, Page b, List<String> expected) {
        for (Page p : List.of(a, b)) {
            p.waitForFunction("(want) => JSON.stringify([...document.querySelectorAll('[data-testid=item] [data-testid=title-row] .rt-host')].map((e) => e.textContent)) === want",
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().addAll(expected.stream()
                            .map(com.fasterxml.jackson.databind.node.TextNode::new).toList()).toString());
        }
        assertThat(titles(a)).isEqualTo(titles(b)).isEqualTo(expected);
    }

    /** The row of the task titled exactly {@code title} (found by its text, then held by its item id). */
    static Locator row(Page page, String title) {
        page.waitForFunction("(t) => [...document.querySelectorAll('[data-testid=item]')].some((r) => r.querySelector('[data-testid=title-row] .rt-host').textContent === t)", title);
        Object id = page.evaluate("(t) => [...document.querySelectorAll('[data-testid=item]')].find((r) => r.querySelector('[data-testid=title-row] .rt-host').textContent === t).dataset.item", title);
        return page.locator("[data-item=\"" + id + "\"]");
    }

    static void typeAtEnd(Page page, Locator editor, String text) {
        editor.locator(".rt-host").click();
        page.keyboard().press("End");
        page.keyboard().type(text);
    }

    static byte[] png() throws Exception {
        var img = new BufferedImage(240, 160, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(0x5b4de0));
        g.fillRect(0, 0, 240, 160);
        g.setColor(Color.WHITE);
        g.fillOval(70, 30, 100, 100);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void twoPagesCoEditAListAndAnOfflineEditMergesOnReconnect() throws Exception {
        People.Person ana = People.create(web.api(), "Ana Lima");
        People.Person bruno = People.create(web.api(), "Bruno Costa");
        BrowserContext ctxA = web.context();
        BrowserContext ctxB = web.context();
        Page a = web.page(ctxA, "ana");
        Page b = web.page(ctxB, "bruno");
        People.signIn(a, ana);
        People.signIn(b, bruno);

        // Ana makes a list and shares it with Bruno as an editor, in the share dialog.
        a.navigate("/#/lists");
        assertThat(a.locator(".empty")).containsText("No lists yet");
        web.shots(a, "01-my-lists-empty");
        a.locator("[data-testid=new-list-name]").fill("Weekend trip");
        a.locator("[data-testid=create-list]").click();
        assertThat(a).hasURL(Pattern.compile("#/lists/\\w+"));
        String listId = a.url().replaceFirst(".*#/lists/", "");
        assertThat(a.locator("[data-testid=list-name]")).hasText("Weekend trip");
        web.shots(a, "02-list-empty");
        a.locator("[data-testid=share]").click();
        a.locator("[data-testid=invite-user]").fill(bruno.username());
        a.locator("[data-testid=invite-send]").click();
        assertThat(a.locator("[data-testid=member]")).hasCount(2);
        a.locator("[data-testid=create-link]").click();
        assertThat(a.locator("[data-testid=invite-link]")).hasCount(1);
        web.shots(a, "03-share-dialog");
        a.keyboard().press("Escape");

        for (String t : List.of("Buy sunscreen", "Book the cabin", "Pack the tent")) {
            a.locator("[data-testid=add-task]").fill(t);
            a.locator("[data-testid=add-task]").press("Enter");
        }
        assertThat(a.locator("[data-testid=item]")).hasCount(3);

        // Bruno finds it in his lists and opens it.
        b.navigate("/#/lists");
        assertThat(b.locator("[data-testid=list-card]")).containsText("Weekend trip");
        web.shots(b, "04-my-lists");
        b.locator("[data-testid=list-card]").click();
        converged(a, b, List.of("Buy sunscreen", "Book the cabin", "Pack the tent"));

        // Text: both type into different tasks at once; Bruno's caret shows on Ana's page.
        typeAtEnd(b, row(b, "Book the cabin").locator("[data-testid=title-row]"), " by the lake");
        typeAtEnd(a, row(a, "Buy sunscreen").locator("[data-testid=title-row]"), " SPF 50");
        converged(a, b, List.of("Buy sunscreen SPF 50", "Book the cabin by the lake", "Pack the tent"));
        b.locator("[data-testid=item]").nth(1).locator(".rt-host").click();
        assertThat(a.locator("[data-testid=remote-caret]").first()).isVisible();
        assertThat(a.locator("[data-testid=remote-caret]").first()).containsText("Bruno Costa");
        web.shots(a, "05-co-editing");

        // Reorder: Ana moves the first task down with Alt+↓; Bruno drags the last one to the top.
        row(a, "Buy sunscreen SPF 50").locator("[data-testid=grip]").press("Alt+ArrowDown");
        converged(a, b, List.of("Book the cabin by the lake", "Buy sunscreen SPF 50", "Pack the tent"));
        row(b, "Pack the tent").locator("[data-testid=grip]").dragTo(row(b, "Book the cabin by the lake"),
                new Locator.DragToOptions().setTargetPosition(20, 4));
        converged(a, b, List.of("Pack the tent", "Book the cabin by the lake", "Buy sunscreen SPF 50"));

        // Details on Ana's page: bold, due date, assignee, an image.
        row(a, "Book the cabin by the lake").locator("[data-testid=open-details]").click();
        Locator details = a.locator("[data-testid=details]");
        details.locator("[data-testid=title-details] .rt-host").click();
        a.keyboard().press("End");
        for (int i = 0; i < "by the lake".length(); i++) a.keyboard().press("Shift+ArrowLeft");
        a.keyboard().press("Control+b");
        details.locator("[data-testid=due-date]").fill("2026-12-24");
        details.locator("[data-testid=assignee]").selectOption(bruno.id());
        details.locator("[data-testid=attach-file]").setInputFiles(new FilePayload("cabin.png", "image/png", png()));
        assertThat(details.locator("[data-testid=attachment-image]")).isVisible();
        assertThat(row(a, "Book the cabin by the lake").locator("[data-testid=title-row] strong")).hasText("by the lake"); // the row's own editor too
        Locator bCabin = row(b, "Book the cabin by the lake");
        assertThat(bCabin.locator("[data-testid=title-row] strong")).hasText("by the lake");
        assertThat(bCabin.locator("[data-testid=due-badge]")).containsText("Dec 24");
        assertThat(bCabin.locator(".lists-assignee")).hasAttribute("title", "Bruno Costa");
        assertThat(bCabin.locator("[data-testid=attachment-count]")).hasText("1");
        web.shots(a, "06-details");
        bCabin.locator("[data-testid=open-details]").click();
        assertThat(b.locator("[data-testid=details] [data-testid=attachment-image]")).isVisible();
        web.shots(b, "07-details-other-page");
        b.locator("[data-testid=close-details]").click();

        // Done: Bruno ticks a task; it moves to Completed on both pages.
        row(b, "Pack the tent").locator("[data-testid=done-toggle]").click();
        for (Page p : List.of(a, b)) {
            assertThat(p.locator("[data-testid=done-items] [data-testid=item]")).hasCount(1);
            assertThat(p.locator("[data-testid=done-items]")).containsText("Pack the tent");
        }
        web.shots(b, "08-completed");

        // Offline: Bruno's profile loses the network, he keeps typing; Ana edits meanwhile.
        ctxB.setOffline(true);
        assertThat(b.locator("[data-testid=offline-badge]")).isVisible();
        typeAtEnd(b, row(b, "Buy sunscreen SPF 50").locator("[data-testid=title-row]"), " and hats");
        b.locator("[data-testid=add-task]").fill("Check the weather");
        b.locator("[data-testid=add-task]").press("Enter");
        assertThat(b.locator("[data-testid=offline-badge]")).containsText("unsent changes");
        web.shots(b, "09-offline");
        typeAtEnd(a, row(a, "Book the cabin by the lake").locator("[data-testid=title-row]"), "!");
        ctxB.setOffline(false);
        assertThat(b.locator("[data-testid=offline-badge]")).isHidden();
        converged(a, b, List.of("Book the cabin by the lake!", "Buy sunscreen SPF 50 and hats", "Check the weather", "Pack the tent"));

        // Nothing typed is lost on reload: the server holds it too.
        b.reload();
        converged(a, b, List.of("Book the cabin by the lake!", "Buy sunscreen SPF 50 and hats", "Check the weather", "Pack the tent"));
        Api.Res rest = web.api().as(ana.accessToken()).get("/api/lists/" + listId);
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.body()).contains("Buy sunscreen SPF 50 and hats", "Check the weather");

        // A viewer: no add field, no grips, checkboxes disabled, titles not editable.
        People.Person carla = People.create(web.api(), "Carla Dias");
        Api.Res invited = web.api().as(ana.accessToken()).post("/api/lists/" + listId + "/members", Map.of("user", carla.username(), "role", "viewer"));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        Page c = web.page("carla");
        People.signIn(c, carla);
        c.navigate("/#/lists/" + listId);
        assertThat(c.locator("[data-testid=read-only]")).isVisible();
        assertThat(c.locator("[data-testid=item]")).hasCount(4);
        assertThat(c.locator("[data-testid=add-task]")).hasCount(0);
        assertThat(c.locator("[data-testid=grip]")).hasCount(0);
        assertThat(c.locator("[data-testid=done-toggle]").first()).isDisabled();
        assertThat(c.locator("[data-testid=title-row] .rt-host").first()).hasAttribute("contenteditable", "false");
        web.shots(c, "10-viewer");

        // Trash and restore (the owner).
        a.locator("[data-testid=trash-list]").click();
        a.locator("[data-testid=confirm]").click();
        assertThat(a).hasURL(Pattern.compile("#/lists$"));
        a.locator("[data-testid=open-trash]").click();
        assertThat(a.locator("[data-testid=trash-card]")).containsText("Weekend trip");
        web.shots(a, "11-trash");
        a.locator("[data-testid=restore-list]").click();
        assertThat(a.locator("[data-testid=trash-card]")).hasCount(0);
        a.navigate("/#/lists");
        assertThat(a.locator("[data-testid=list-card]")).containsText("Weekend trip");
        web.shots(a, "12-my-lists-after-restore");
        web.assertClean();
    }
}
