package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.FilePayload;
import io.juntos.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile and settings area as a person uses it (issue 15): a picture picked from a file
 * (preview, then saved; no "Avatar URL" field), another person's profile with a message button,
 * sign-in details, signing out other sessions, deleting the account, and navigation for people
 * rather than developers (activity and API docs under the profile, the app's own not-found page,
 * toasts that leave headings alone).
 */
class AccountSettingsBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("settings");

    private static Locator label(Page page, String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static void profile(Page page) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
        assertThat(page.locator("[data-testid=profile-name]")).isVisible();
    }

    private static String direct(People.Person a, People.Person b) {
        Api.Res r = a.api(web.api()).post("/api/conversations/direct", Map.of("userId", b.id()));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        String id = r.json().path("id").asText();
        assertThat(a.api(web.api()).post("/api/conversations/" + id + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "text", "Hi " + b.fullName())).status()).isIn(200, 201);
        return id;
    }

    @Test
    void pickingAPictureShowsAPreviewAndSavesIt() throws IOException {
        People.Person ines = People.create(web.api(), "Ines Prado");
        Page page = web.page("ines");
        People.signIn(page, ines);
        profile(page);
        assertThat(page.getByText("Avatar URL")).hasCount(0);
        page.locator("[data-testid=avatar-file]").setInputFiles(new FilePayload("me.png", "image/png", png()));
        assertThat(page.locator(".toast", new Page.LocatorOptions().setHasText("Profile picture updated."))).isVisible();
        assertThat(page.locator(".profile-id .avatar img")).isVisible();
        String saved = web.api().as(ines.accessToken()).get("/api/profile").json().path("avatarUrl").asText();
        assertThat(saved).startsWith("/api/media/");
        page.reload();
        assertThat(page.locator(".profile-id .avatar img")).isVisible();
        assertThat(page.locator(".nav-me .avatar img")).isVisible();
        web.shots(page, "01-profile-picture");
    }

    @Test
    void anotherPersonsProfileShowsWhoTheyAreAndOpensAChat() {
        People.Person joao = People.create(web.api(), "Joao Neves");
        People.Person kira = People.create(web.api(), "Kira Lobo");
        People.Person stranger = People.create(web.api(), "Lia Stranger");
        web.api().as(kira.accessToken()).put("/api/profile", Map.of("bio", "Drummer <script>x</script>"));
        String conv = direct(joao, kira);
        Page page = web.page("joao");
        People.signIn(page, joao);
        page.navigate("/#/people/" + kira.id());
        assertThat(page.locator("[data-testid=person-name]")).hasText("Kira Lobo");
        assertThat(page.locator("[data-testid=person-username]")).hasText("@" + kira.username());
        assertThat(page.locator(".person-bio")).hasText("Drummer <script>x</script>");
        web.shots(page, "02-person");
        button(page, "Message").click();
        assertThat(page).hasURL(Pattern.compile("#/chat/" + conv + "$"));

        page.navigate("/#/people/" + stranger.id());
        assertThat(page.locator("[data-testid=not-found]")).containsText("can’t find this person");
        web.shots(page, "03-person-not-shared");
    }

    @Test
    void navigationIsForPeopleAndUnknownPathsShowTheAppsOwnPage() throws Exception {
        People.Person mila = People.create(web.api(), "Mila Costa");
        Page page = web.page("mila");
        page.navigate("/#/signin");
        assertThat(page.locator("[data-testid=product-name]")).hasText("Juntos");
        web.shots(page, "04-signin");
        page.navigate("/#/nope");
        assertThat(page.locator("[data-testid=not-found] h1")).hasText("Page not found");
        People.signIn(page, mila);
        Locator rail = page.locator("nav.rail");
        assertThat(rail.locator("a[href='/api.html']")).hasCount(0);
        assertThat(rail.locator("[data-nav=activity]")).hasCount(0);
        profile(page);
        assertThat(page.locator("[data-testid=api-link]")).hasAttribute("href", "/api.html");
        page.locator("[data-testid=activity-link]").click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Activity"))).isVisible();
        assertThat(rail.locator("[data-nav=profile]")).hasAttribute("aria-current", "page");

        page.navigate("/#/nope/deeper");
        assertThat(page.locator("[data-testid=not-found] h1")).hasText("Page not found");
        assertThat(rail).isVisible(); // inside the app, signed in
        web.shots(page, "05-not-found");

        var res = page.navigate("/some/unknown/page");
        assertThat(res.status()).isEqualTo(404);
        assertThat(page.locator("[data-testid=not-found] h1")).hasText("Page not found");
        web.shots(page, "06-server-not-found");
        // The 404 of the page itself is what the browser reports; nothing else went wrong.
        assertThat(web.drainProblems()).allMatch(p -> p.contains("status of 404") && p.contains("/some/unknown/page"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to your chats")).click();
        assertThat(page).hasURL(Pattern.compile("/#/chats$"));

        // The API keeps answering problem+json, for browsers too.
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web.server().baseUrl() + "/api/nope"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        HttpResponse<String> machine = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web.server().baseUrl() + "/nope"))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(machine.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
    }

    @Test
    void toastsNeverCoverTheHeading() {
        People.Person nuno = People.create(web.api(), "Nuno Alves");
        for (boolean phone : new boolean[] {false, true}) {
            Page page = phone ? web.phonePage("nuno-phone") : web.page("nuno");
            People.signIn(page, nuno);
            profile(page);
            label(page, "Bio").fill("Tested at " + (phone ? 390 : 1280));
            button(page, "Save changes").click();
            Locator toast = page.locator(".toast", new Page.LocatorOptions().setHasText("Profile saved."));
            assertThat(toast).isVisible();
            page.locator(".page-head h1").scrollIntoViewIfNeeded();
            page.evaluate("() => document.querySelector('.main').scrollTo(0, 0)");
            BoundingBox t = toast.boundingBox();
            BoundingBox h = page.locator(".page-head").boundingBox();
            boolean overlap = t.x < h.x + h.width && h.x < t.x + t.width && t.y < h.y + h.height && h.y < t.y + t.height;
            assertThat(overlap).as("toast %s over heading %s", box(t), box(h)).isFalse();
            web.shot(page, "07-toast", phone ? BrowserHarness.PHONE : BrowserHarness.DESKTOP);
        }
    }

    private static String box(BoundingBox b) {
        return String.format("(%.0f,%.0f %.0fx%.0f)", b.x, b.y, b.width, b.height);
    }

    @Test
    void changeSignInDetailsSignOutOthersAndDeleteTheAccount() {
        People.Person olga = People.create(web.api(), "Olga Vidal");
        People.Person pedro = People.create(web.api(), "Pedro Ruas");
        String conv = direct(olga, pedro);
        BrowserContext ctx = web.context();
        Page page = web.page(ctx, "olga");
        People.signIn(page, olga);
        profile(page);

        // Sign-in details: the password again; a taken username is reported at its field.
        assertThat(label(page, "Username")).hasValue(olga.username());
        label(page, "Username").fill(pedro.username());
        label(page, "Password to confirm").fill(olga.password());
        button(page, "Save sign-in details").click();
        assertThat(page.locator("[data-error-for=username]")).containsText("taken");
        String renamed = "olga.v" + Long.toString(System.nanoTime() % 100_000, 36);
        label(page, "Username").fill(renamed);
        label(page, "Password to confirm").fill(olga.password());
        button(page, "Save sign-in details").click();
        assertThat(page.locator(".toast", new Page.LocatorOptions().setHasText("Sign-in details saved."))).isVisible();
        assertThat(page.locator(".profile-id")).containsText("@" + renamed);

        // Two more sessions elsewhere, then "sign out all other sessions".
        for (int i = 0; i < 2; i++) {
            assertThat(web.api().post("/api/auth/signin", Map.of("login", renamed, "password", olga.password())).status()).isEqualTo(200);
        }
        page.reload();
        Locator sessions = page.locator("[data-testid=sessions] li[data-session]");
        assertThat(sessions).hasCount(4); // sign-up, this browser, two more
        web.shots(page, "08-sessions", page.locator("[data-testid=sessions]"));
        button(page, "Sign out all other sessions").click();
        assertThat(page.locator(".toast", new Page.LocatorOptions().setHasText("Signed out 3 other sessions."))).isVisible();
        assertThat(sessions).hasCount(1);
        assertThat(button(page, "Sign out all other sessions")).isHidden();

        // Delete: two steps, the password, then the sign-in screen.
        page.locator("[data-action=delete-account]").click();
        label(page, "Your password").fill("not the password");
        button(page, "Delete my account").click();
        assertThat(page.locator("[data-error-for=password]").last()).containsText("wrong");
        web.shots(page, "09-delete", page.locator(".danger-zone"));
        label(page, "Your password").fill(olga.password());
        button(page, "Delete my account").click();
        assertThat(page).hasURL(Pattern.compile("#/signin"));
        assertThat(page.locator(".toast", new Page.LocatorOptions().setHasText("Your account has been deleted."))).isVisible();
        assertThat(web.api().post("/api/auth/signin", Map.of("login", renamed, "password", olga.password())).status()).isEqualTo(401);

        // Pedro still has the conversation, with Olga's message under "Deleted account".
        Page other = web.page("pedro");
        People.signIn(other, pedro);
        other.navigate("/#/chat/" + conv);
        assertThat(other.getByText("Hi Pedro Ruas")).isVisible();
        assertThat(other.locator("main")).containsText("Deleted account");
        web.shots(other, "10-deleted-account-in-chat");
        other.navigate("/#/people/" + olga.id());
        assertThat(other.locator("[data-testid=person-name]")).hasText("Deleted account");
        assertThat(other.getByText("This account was deleted")).isVisible();
        assertThat(button(other, "Message")).hasCount(0);
        web.shots(other, "11-deleted-person");
        ctx.close();
    }

    private static byte[] png() throws IOException {
        var img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(0x2f8f6f));
        g.fillRect(0, 0, 96, 96);
        g.setColor(new Color(0xf4d35e));
        g.fillOval(18, 18, 60, 60);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
