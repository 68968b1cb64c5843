package io.juntos.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation, limits, access and the API other features use, on the local backend. The server
 * has a 4 KiB JSON body limit (uploads must stream past it), a 6 MiB quota, 4 pending uploads and
 * PDFs allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaApiTest {
    TestServer server;
    Api api;
    Api.Account alice;
    Api asAlice;
    Media media;
    final Set<String> noteReaders = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_MAX_BODY_BYTES", "4KiB", "JUNTOS_MEDIA_QUOTA_BYTES", "6MiB",
                "JUNTOS_MEDIA_MAX_PENDING", "4",
                "JUNTOS_MEDIA_ALLOWED_TYPES", "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm,application/pdf"));
        media = server.juntos().feature(MediaFeature.class).media();
        media.registerParent("note", (user, noteId) -> noteReaders.contains(user + "/" + noteId));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void user() {
        api = server.api();
        alice = api.signup("alice");
        asAlice = api.as(alice.accessToken());
    }

    private Api.Res announce(Map<String, Object> body) {
        return asAlice.post("/api/media/uploads", body);
    }

    private JsonNode ready(Api as, String name, String type, byte[] bytes, String purpose) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("fileName", name, "contentType", type, "size", bytes.length));
        if (purpose != null) body.put("purpose", purpose);
        Api.Res a = as.post("/api/media/uploads", body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        JsonNode t = a.json();
        HttpResponse<byte[]> up = put(t.path("uploadUrl").asText(), type, bytes);
        assertThat(up.statusCode()).as(new String(up.body())).isEqualTo(204);
        Api.Res done = as.post("/api/media/" + t.path("mediaId").asText() + "/complete", Map.of());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        return done.json();
    }

    private HttpResponse<byte[]> put(String url, String type, byte[] bytes) throws Exception {
        return MediaFlowContract.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(url)).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return MediaFlowContract.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean hasError(Api.Res r, String field, String code) {
        for (JsonNode e : r.json().path("errors")) {
            if (e.path("field").asText().equals(field) && e.path("code").asText().equals(code)) return true;
        }
        return false;
    }

    @Test
    void announcingNeedsAToken() {
        assertThat(api.post("/api/media/uploads", Map.of("fileName", "a.png", "contentType", "image/png", "size", 10)).status()).isEqualTo(401);
    }

    @Test
    void announcementNamesEveryMissingOrInvalidField() {
        Api.Res r = announce(Map.of());
        assertThat(r.status()).isEqualTo(422);
        assertThat(hasError(r, "fileName", "required") && hasError(r, "contentType", "required") && hasError(r, "size", "required")).as(r.toString()).isTrue();

        // Control characters are refused for the whole body before field rules run (http.TextRules).
        Api.Res bell = announce(Map.of("fileName", "a\u0007.png", "contentType", "image/png", "size", 10));
        assertThat(hasError(bell, "fileName", "invalid_characters")).as(bell.toString()).isTrue();
        Api.Res zero = announce(Map.of("fileName", "a.png", "contentType", "image/png", "size", 0));
        assertThat(hasError(zero, "size", "too_small")).as(zero.toString()).isTrue();

        assertThat(announce(Map.of("fileName", "a.png", "contentType", "image/png", "size", "ten")).code()).isEqualTo("wrong_type");
        assertThat(announce(Map.of("fileName", "a.png", "contentType", "image/png", "size", 10, "owner", "x")).code()).isEqualTo("unknown_field");
        Api.Res purpose = announce(Map.of("fileName", "a.png", "contentType", "image/png", "size", 10, "purpose", "banner"));
        assertThat(hasError(purpose, "purpose", "invalid_purpose")).as(purpose.toString()).isTrue();
        Api.Res avatar = announce(Map.of("fileName", "a.mp4", "contentType", "video/mp4", "size", 10, "purpose", "avatar"));
        assertThat(hasError(avatar, "purpose", "avatar_must_be_image")).as(avatar.toString()).isTrue();
        Api.Res dots = announce(Map.of("fileName", "../..", "contentType", "image/png", "size", 10));
        assertThat(hasError(dots, "fileName", "too_short")).as(dots.toString()).isTrue();
    }

    @Test
    void pathsInFileNamesAreDropped() throws Exception {
        JsonNode m = ready(asAlice, "C:\\Users\\me\\Pictures\\cat.png", "image/png", TestImages.png(10, 10), null);
        assertThat(m.path("fileName").asText()).isEqualTo("cat.png");
    }

    @Test
    void uploadLargerThanTheJsonBodyLimitStreamsToDisk() throws Exception {
        byte[] video = MediaFlowContract.fakeMp4(3 * 1024 * 1024);
        JsonNode m = ready(asAlice, "big.mp4", "video/mp4", video, null);
        assertThat(m.path("size").asLong()).isEqualTo(video.length);
        assertThat(get(m.path("url").asText()).body()).isEqualTo(video);
        asAlice.delete("/api/media/" + m.path("id").asText());
    }

    @Test
    void pdfIsOfferedAsADownloadByteForByteEvenToAClientAskingForGzip() throws Exception {
        byte[] pdf = ("%PDF-1.4\n% résumé\n" + "x".repeat(5000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode m = ready(asAlice, "Résumé \"final\".pdf", "application/pdf", pdf, null);
        assertThat(m.has("thumbnailUrl")).isFalse();
        HttpResponse<byte[]> r = MediaFlowContract.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(m.path("url").asText()))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(r.body()).isEqualTo(pdf);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"R_sum_ _final_.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf");
    }

    @Test
    void uploadWithAnotherContentTypeThanSignedIsRefused() throws Exception {
        JsonNode t = announce(Map.of("fileName", "a.png", "contentType", "image/png", "size", 10)).json();
        HttpResponse<byte[]> r = put(t.path("uploadUrl").asText(), "text/html", new byte[10]);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body())).contains("content_type_mismatch");
    }

    @Test
    void tamperedDownloadUrlIsRefused() throws Exception {
        JsonNode m = ready(asAlice, "a.png", "image/png", TestImages.png(10, 10), null);
        String url = m.path("url").asText();
        assertThat(get(url.replace("type=image%2Fpng", "type=text%2Fhtml")).statusCode()).isEqualTo(403);
        assertThat(get(url.replace("name=a.png", "name=a.html")).statusCode()).isEqualTo(403);
        assertThat(get(url.replace("objects/", "incoming/")).statusCode()).isEqualTo(403);
        assertThat(get(url).statusCode()).isEqualTo(200);
    }

    @Test
    void quotaCountsPendingUploadsAndRefusesTheOneTooMany() {
        Api.Res first = announce(Map.of("fileName", "a.mp4", "contentType", "video/mp4", "size", 5 * 1024 * 1024));
        assertThat(first.status()).isEqualTo(201);
        Api.Res second = announce(Map.of("fileName", "b.mp4", "contentType", "video/mp4", "size", 2 * 1024 * 1024));
        assertThat(second.status()).isEqualTo(413);
        assertThat(second.code()).isEqualTo("quota_exceeded");
        assertThat(asAlice.delete("/api/media/" + first.json().path("mediaId").asText()).status()).isEqualTo(204);
        assertThat(announce(Map.of("fileName", "b.mp4", "contentType", "video/mp4", "size", 2 * 1024 * 1024)).status()).isEqualTo(201);
    }

    @Test
    void tooManyUnfinishedUploadsAreRefusedWithRetryAfter() {
        for (int i = 0; i < 4; i++) assertThat(announce(Map.of("fileName", "a.png", "contentType", "image/png", "size", 10)).status()).isEqualTo(201);
        Api.Res r = announce(Map.of("fileName", "a.png", "contentType", "image/png", "size", 10));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.code()).isEqualTo("too_many_pending_uploads");
        assertThat(r.header("Retry-After")).isPresent();
    }

    @Test
    void avatarIsReadableByEverySignedInUserButAttachmentIsNot() throws Exception {
        JsonNode avatar = ready(asAlice, "me.png", "image/png", TestImages.png(64, 64), "avatar");
        JsonNode file = ready(asAlice, "private.png", "image/png", TestImages.png(64, 64), null);
        Api asBob = api.as(api.signup("bob").accessToken());
        Api.Res seen = asBob.get("/api/media/" + avatar.path("id").asText());
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("thumbnailUrl").asText()).isNotBlank();
        assertThat(asBob.get("/api/media/" + file.path("id").asText()).status()).isEqualTo(404);
        assertThat(api.get("/api/media/" + avatar.path("id").asText()).status()).isEqualTo(401);
    }

    @Test
    void avatarRedirectServesAnImgTagWithoutATokenButNothingElse() throws Exception {
        JsonNode avatar = ready(asAlice, "me.png", "image/png", TestImages.png(640, 640), "avatar");
        JsonNode file = ready(asAlice, "private.png", "image/png", TestImages.png(64, 64), null);
        var noRedirects = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        HttpResponse<byte[]> r = noRedirects.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/media/" + avatar.path("id").asText() + "/avatar")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(302);
        HttpResponse<byte[]> img = get(r.headers().firstValue("Location").orElseThrow());
        assertThat(img.statusCode()).isEqualTo(200);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(img.body())).getWidth()).isEqualTo(320);
        assertThat(api.get("/api/media/" + file.path("id").asText() + "/avatar").status()).isEqualTo(404);
        assertThat(api.get("/api/media/" + avatar.path("id").asText() + "/avatar?size=huge").status()).isEqualTo(422);
    }

    @Test
    void ownerDeletesAnUnattachedUploadAndItsObjectsGo() throws Exception {
        JsonNode m = ready(asAlice, "a.jpg", "image/jpeg", TestImages.jpeg(400, 300), null);
        String id = m.path("id").asText();
        Path dir = server.dataDir().resolve("media/objects");
        assertThat(Files.exists(dir.resolve(id))).isTrue();
        assertThat(Files.exists(dir.resolve(id + ".thumb"))).isTrue();
        Api asBob = api.as(api.signup("bob").accessToken());
        assertThat(asBob.delete("/api/media/" + id).status()).isEqualTo(404);
        assertThat(asAlice.delete("/api/media/" + id).status()).isEqualTo(204);
        assertThat(Files.exists(dir.resolve(id))).isFalse();
        assertThat(Files.exists(dir.resolve(id + ".thumb"))).isFalse();
        assertThat(get(m.path("url").asText()).statusCode()).isEqualTo(404);
        assertThat(asAlice.get("/api/media/" + id).status()).isEqualTo(404);
    }

    @Test
    void attachedMediaIsReadableExactlyByWhoMayReadTheParentAndGoesWithIt() throws Exception {
        JsonNode m = ready(asAlice, "a.jpg", "image/jpeg", TestImages.jpeg(40, 30), null);
        String id = m.path("id").asText();
        Api.Account bob = api.signup("bob");
        Api asBob = api.as(bob.accessToken());
        var jdbi = server.juntos().platform().db().jdbi();
        String note = io.juntos.store.Ids.newId();

        List<MediaView> attached = jdbi.inTransaction(h -> media.attach(h, alice.id(), "note", note, List.of(id), "attachments"));
        assertThat(attached).extracting(MediaView::id).containsExactly(id);
        assertThat(asBob.get("/api/media/" + id).status()).isEqualTo(404);
        noteReaders.add(bob.id() + "/" + note);
        Api.Res seen = asBob.get("/api/media/" + id);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(get(seen.json().path("thumbnailUrl").asText()).statusCode()).isEqualTo(200);
        Map<String, List<MediaView>> listed = jdbi.withHandle(h -> media.attachments(h, "note", List.of(note, "other")));
        assertThat(listed).containsOnlyKeys(note);
        assertThat(asAlice.delete("/api/media/" + id).code()).isEqualTo("media_attached");

        jdbi.useTransaction(h -> media.deleteForParent(h, "note", note));
        assertThat(asBob.get("/api/media/" + id).status()).isEqualTo(404);
        assertThat(asAlice.get("/api/media/" + id).status()).isEqualTo(404);
        assertThat(Files.exists(server.dataDir().resolve("media/objects/" + id))).isFalse();
    }

    @Test
    void attachingRefusesOthersUnfinishedDuplicateAndAlreadyAttachedMedia() throws Exception {
        JsonNode mine = ready(asAlice, "a.png", "image/png", TestImages.png(10, 10), null);
        String pending = announce(Map.of("fileName", "b.png", "contentType", "image/png", "size", 10)).json().path("mediaId").asText();
        Api asBob = api.as(api.signup("bob").accessToken());
        JsonNode bobs = ready(asBob, "c.png", "image/png", TestImages.png(10, 10), null);
        var jdbi = server.juntos().platform().db().jdbi();
        String id = mine.path("id").asText();

        var e = org.assertj.core.api.Assertions.catchThrowableOfType(io.juntos.http.ApiException.class, () -> jdbi.useTransaction(h ->
                media.attach(h, alice.id(), "note", "n1", List.of(id, pending, bobs.path("id").asText(), id, "junk"), "attachments")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.errors()).extracting(f -> f.field() + "=" + f.code()).containsExactly(
                "attachments[1]=media_not_ready", "attachments[2]=media_not_found", "attachments[3]=duplicate", "attachments[4]=media_not_found");
        // The failed transaction rolled back: the first one is still free to attach, once.
        jdbi.useTransaction(h -> media.attach(h, alice.id(), "note", "n2", List.of(id), "attachments"));
        var again = org.assertj.core.api.Assertions.catchThrowableOfType(io.juntos.http.ApiException.class, () -> jdbi.useTransaction(h ->
                media.attach(h, alice.id(), "note", "n3", List.of(id), "attachments")));
        assertThat(again.errors()).extracting(f -> f.code()).containsExactly("media_already_attached");
    }
}
