package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Attachments and avatars through the media API, seen from two browsers. */
class AttachmentBrowserTest {
    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("attach")
            // PDFs are off by default; allowed here to show file attachments as download cards.
            .env("JUNTOS_MEDIA_ALLOWED_TYPES", "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm,application/pdf");
    private static Path image;

    @BeforeAll
    static void start() throws IOException {
        image = picture(960, 600, "sunset");
    }

    /** A PNG with a gradient sky and a sun, so thumbnails are recognisable in screenshots. */
    static Path picture(int w, int h, String name) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x5b4de0), 0, h, new Color(0xff9a62)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(0xffe08a));
        g.fill(new Ellipse2D.Double(w * 0.58, h * 0.42, h * 0.36, h * 0.36));
        g.setColor(new Color(0x2a2350));
        g.fillRect(0, (int) (h * 0.78), w, h);
        g.dispose();
        Path file = Files.createTempFile(name, ".png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void uploadedAvatarShowsInProfileAndToOthers() throws IOException {
        People.Person ana = People.create(web.api(), "Ana Reis");
        People.Person bia = People.create(web.api(), "Bia Nunes");
        bia.api(web.api()).post("/api/conversations/direct", Map.of("username", ana.username()));
        BrowserContext ctxA = web.context();
        Page a = web.page(ctxA, "ana");
        People.signIn(a, ana);
        a.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Profile").setExact(true)).click();
        a.locator("[data-testid=avatar-file]").setInputFiles(picture(400, 400, "face"));
        assertThat(a.locator(".toast", new Page.LocatorOptions().setHasText("Profile picture updated."))).isVisible();
        Locator shown = a.locator(".profile-id .avatar img");
        assertThat(shown).hasAttribute("src", java.util.regex.Pattern.compile("/api/media/"));
        // The picture is saved as the profile's avatar, without an internal URL field on the page.
        assertThat(a.getByLabel("Avatar URL")).hasCount(0);
        org.assertj.core.api.Assertions.assertThat(ana.api(web.api()).get("/api/profile").json().path("avatarUrl").asText())
                .matches("^/api/media/\\w+$");
        web.shots(a, "01-avatar");

        BrowserContext ctxB = web.context();
        Page b = web.page(ctxB, "bia");
        People.signIn(b, bia);
        Locator row = b.locator(".conv", new Page.LocatorOptions().setHasText("Ana Reis"));
        assertThat(row.locator(".avatar img")).isVisible();
        assertThat((Boolean) row.locator(".avatar img").evaluate("img => img.complete && img.naturalWidth > 0")).isTrue();
        ctxA.close();
        ctxB.close();
    }

    @Test
    void imageSentInAChatShowsAsThumbnailToTheOtherPerson() throws IOException {
        People.Person ana = People.create(web.api(), "Ana Reis");
        People.Person bia = People.create(web.api(), "Bia Nunes");
        String convId = ana.api(web.api()).post("/api/conversations/direct", Map.of("username", bia.username())).json().path("id").asText();
        BrowserContext ctxA = web.context();
        BrowserContext ctxB = web.context();
        Page a = web.page(ctxA, "ana");
        Page b = web.page(ctxB, "bia");
        People.signIn(a, ana);
        People.signIn(b, bia);
        a.navigate("/#/chat/" + convId);
        b.navigate("/#/chat/" + convId);

        // A file type the server does not accept is refused in the tray, with the server's reason
        Path notes = Files.writeString(Files.createTempFile("notes", ".txt"), "just some text");
        a.locator("[data-testid=attach-file]").setInputFiles(notes);
        Locator refused = a.locator(".tray-item[data-state=failed]");
        assertThat(refused.locator(".tray-error")).not().isEmpty();
        refused.getByRole(AriaRole.BUTTON).click();
        assertThat(refused).hasCount(0);

        // Ana attaches a picture: the tray previews it and the upload finishes
        a.locator("[data-testid=attach-file]").setInputFiles(image);
        Locator tray = a.locator(".tray-item");
        assertThat(tray).hasAttribute("data-state", "ready");
        assertThat(tray).containsText(image.getFileName().toString());
        web.shots(a, "02-tray");
        Locator composer = a.locator("[data-testid=composer]");
        composer.fill("Sunset from the roof 🌇");
        composer.press("Enter");
        assertThat(tray).hasCount(0);

        // Bia sees the thumbnail (a signed URL served by the media API), and can open it
        Locator thumb = b.locator("[data-testid=messages] [data-testid=attachment-image]");
        assertThat(thumb).isVisible();
        assertThat(thumb).hasAttribute("src", java.util.regex.Pattern.compile("/api/media/"));
        b.waitForFunction("() => { const i = document.querySelector('[data-testid=attachment-image]'); return i && i.complete && i.naturalWidth > 0; }");
        assertThat(b.locator("[data-testid=messages] .msg").last()).containsText("Sunset from the roof");
        assertThat(a.locator("[data-testid=messages] [data-testid=attachment-image]")).isVisible();
        web.shots(b, "03-received");
        web.shots(a, "04-sent");
        thumb.click();
        assertThat(b.locator("dialog.lightbox img")).isVisible();
        web.shots(b, "05-lightbox");
        b.keyboard().press("Escape");
        ctxA.close();
        ctxB.close();
    }

    /** A two-second WebM recorded from a canvas by the browser itself (no video tools needed). */
    private static byte[] recordVideo(Page page) {
        String b64 = (String) page.evaluate("""
                async () => {
                  const c = document.createElement('canvas'); c.width = 320; c.height = 180;
                  const g = c.getContext('2d');
                  const rec = new MediaRecorder(c.captureStream(25), { mimeType: 'video/webm' });
                  const parts = []; rec.ondataavailable = (e) => parts.push(e.data);
                  const done = new Promise((r) => { rec.onstop = r; });
                  rec.start(200);
                  const t0 = performance.now();
                  while (performance.now() - t0 < 2000) {
                    const t = (performance.now() - t0) / 2000;
                    g.fillStyle = `hsl(${250 + 80 * t}, 70%, 55%)`; g.fillRect(0, 0, 320, 180);
                    g.fillStyle = '#ffe08a'; g.beginPath(); g.arc(60 + 200 * t, 90, 30, 0, 7); g.fill();
                    await new Promise((r) => setTimeout(r, 40));
                  }
                  rec.stop(); await done;
                  const buf = new Uint8Array(await new Blob(parts, { type: 'video/webm' }).arrayBuffer());
                  let s = ''; for (const b of buf) s += String.fromCharCode(b);
                  return btoa(s);
                }""");
        return java.util.Base64.getDecoder().decode(b64);
    }

    @Test
    void videoPlaysInlineAndOtherFilesShowAsDownloadCards() {
        People.Person ana = People.create(web.api(), "Ana Reis");
        People.Person bia = People.create(web.api(), "Bia Nunes");
        String convId = ana.api(web.api()).post("/api/conversations/direct", Map.of("username", bia.username())).json().path("id").asText();
        BrowserContext ctxA = web.context();
        BrowserContext ctxB = web.context();
        Page a = web.page(ctxA, "ana");
        Page b = web.page(ctxB, "bia");
        People.signIn(a, ana);
        People.signIn(b, bia);
        a.navigate("/#/chat/" + convId);
        b.navigate("/#/chat/" + convId);
        // A PDF shows as a file card with its name and size, linking to the signed download
        byte[] pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        a.locator("[data-testid=attach-file]").setInputFiles(new com.microsoft.playwright.options.FilePayload("Tickets.pdf", "application/pdf", pdf));
        assertThat(a.locator(".tray-item")).hasAttribute("data-state", "ready");
        a.locator("[data-testid=composer]").fill("Our tickets");
        a.locator("[data-testid=composer]").press("Enter");
        Locator file = b.locator("[data-testid=messages] a.att-file");
        assertThat(file).containsText("Tickets.pdf");
        assertThat(file).containsText(pdf.length + " B");
        assertThat(file).hasAttribute("href", java.util.regex.Pattern.compile("/api/media/"));
        assertThat(file).hasAttribute("download", "Tickets.pdf");

        byte[] video = recordVideo(a);
        a.locator("[data-testid=attach-file]").setInputFiles(new com.microsoft.playwright.options.FilePayload("clip.webm", "video/webm", video));
        assertThat(a.locator(".tray-item")).hasAttribute("data-state", "ready");
        a.locator("[data-testid=composer]").press("Enter");
        Locator player = b.locator("[data-testid=messages] video.att-video");
        assertThat(player).isVisible();
        assertThat(player).hasAttribute("src", java.util.regex.Pattern.compile("/api/media/"));
        b.waitForFunction("() => { const v = document.querySelector('video.att-video'); return v && v.readyState >= 1 && v.duration > 0; }");
        web.shots(b, "06-video");
        ctxA.close();
        ctxB.close();
    }
}
