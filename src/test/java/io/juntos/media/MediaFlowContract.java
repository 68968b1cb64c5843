package io.juntos.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload → complete → download flow and every bad input of it, run against each backend by a
 * subclass. "No orphan" is checked in the store itself, not through the API.
 */
abstract class MediaFlowContract {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Api api;
    Api.Account alice;
    Api alicesApi;

    abstract TestServer server();

    /** True when the store holds anything at {@code key}. */
    abstract boolean stored(String key) throws Exception;

    /** An upload URL for the ticket's object that expired already (made the way the backend makes them). */
    abstract String expiredUploadUrl(JsonNode ticket) throws Exception;

    /** Puts bytes at {@code key} behind the API's back, as a misbehaving client of the store could. */
    abstract void plant(String key, byte[] bytes, String contentType) throws Exception;

    @BeforeEach
    void signUp() {
        api = server().api();
        alice = api.signup("alice");
        alicesApi = api.as(alice.accessToken());
    }

    JsonNode announce(String name, String type, long size) {
        Api.Res r = alicesApi.post("/api/media/uploads", Map.of("fileName", name, "contentType", type, "size", size));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    URI resolve(String url) {
        return URI.create(server().baseUrl()).resolve(url);
    }

    HttpResponse<byte[]> upload(JsonNode ticket, byte[] bytes) throws Exception {
        return upload(ticket.path("uploadUrl").asText(), ticket, bytes);
    }

    HttpResponse<byte[]> upload(String url, JsonNode ticket, byte[] bytes) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(url)).method(ticket.path("method").asText(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        ticket.path("headers").fields().forEachRemaining(h -> b.header(h.getKey(), h.getValue().asText()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> download(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(url)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Api.Res complete(String id) {
        return alicesApi.post("/api/media/" + id + "/complete", Map.of());
    }

    JsonNode uploadReady(String name, String type, byte[] bytes) throws Exception {
        JsonNode t = announce(name, type, bytes.length);
        assertThat(upload(t, bytes).statusCode()).isBetween(200, 204);
        Api.Res done = complete(t.path("mediaId").asText());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        return done.json();
    }

    @Test
    void uploadedVideoCompletesAndDownloadsByteForByte() throws Exception {
        byte[] video = fakeMp4(200_000);
        JsonNode t = announce("holiday clip.mp4", "video/mp4", video.length);
        String id = t.path("mediaId").asText();
        assertThat(t.path("method").asText()).isEqualTo("PUT");
        assertThat(upload(t, video).statusCode()).isBetween(200, 204);

        JsonNode m = complete(id).json();
        assertThat(m.path("state").asText()).isEqualTo("ready");
        assertThat(m.path("contentType").asText()).isEqualTo("video/mp4");
        assertThat(m.path("size").asLong()).isEqualTo(video.length);

        JsonNode read = alicesApi.get("/api/media/" + id).json();
        HttpResponse<byte[]> got = download(read.path("url").asText());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(video);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(got.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline;").contains("filename*=UTF-8''holiday%20clip.mp4");
        assertThat(stored("incoming/" + id)).isFalse();
        assertThat(stored("objects/" + id)).isTrue();
    }

    @Test
    void photoIsServedWithoutLocationUprightAndWithAThumbnail() throws Exception {
        byte[] photo = TestImages.jpegWithGps(800, 600);
        assertThat(TestImages.contains(photo, "GPSSECRET")).isTrue();
        JsonNode m = uploadReady("IMG_0001.jpg", "image/jpeg", photo);
        String id = m.path("id").asText();
        // EXIF orientation 6: stored 800x600, shown 600x800.
        assertThat(m.path("width").asInt()).isEqualTo(600);
        assertThat(m.path("height").asInt()).isEqualTo(800);

        HttpResponse<byte[]> served = download(m.path("url").asText());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(TestImages.contains(served.body(), "GPSSECRET")).isFalse();
        assertThat(served.body().length).isEqualTo(m.path("size").asInt());
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow()).isEqualTo("inline; filename=\"IMG_0001.jpg\"; filename*=UTF-8''IMG_0001.jpg");
        if (sendsNosniff()) assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(served.body()));
        assertThat(full.getWidth()).isEqualTo(800);

        HttpResponse<byte[]> thumb = download(m.path("thumbnailUrl").asText());
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertThat(t.getWidth()).isEqualTo(320);
        assertThat(t.getHeight()).isEqualTo(427);
        assertThat(stored("objects/" + id + ".thumb")).isTrue();
    }

    @Test
    void pngWithTransparencyGetsAPngThumbnailAndItsDimensions() throws Exception {
        JsonNode m = uploadReady("logo.png", "image/png", TestImages.transparentPng(1000, 500));
        assertThat(m.path("width").asInt()).isEqualTo(1000);
        assertThat(m.path("height").asInt()).isEqualTo(500);
        HttpResponse<byte[]> thumb = download(m.path("thumbnailUrl").asText());
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertThat(t.getWidth()).isEqualTo(320);
        assertThat(t.getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void webpImagesGetDimensionsAndAThumbnail() throws Exception {
        for (byte[] webp : new byte[][]{TestImages.webpLossy(), TestImages.webpLossless()}) {
            JsonNode m = uploadReady("sticker.webp", "image/webp", webp);
            assertThat(m.path("width").asInt()).isEqualTo(1);
            assertThat(m.path("height").asInt()).isEqualTo(1);
            HttpResponse<byte[]> thumb = download(m.path("thumbnailUrl").asText());
            assertThat(thumb.statusCode()).isEqualTo(200);
            assertThat(ImageIO.read(new ByteArrayInputStream(thumb.body())).getWidth()).isEqualTo(1);
            assertThat(download(m.path("url").asText()).body()).isEqualTo(webp);
        }
    }

    @Test
    void animatedGifIsMarkedSoClientsCanPlayItAndStillGetsAThumbnail() throws Exception {
        byte[] gif = TestImages.animatedGif(400, 200);
        JsonNode m = uploadReady("party.gif", "image/gif", gif);
        assertThat(m.path("animated").asBoolean()).isTrue();
        assertThat(ImageIO.read(new ByteArrayInputStream(download(m.path("thumbnailUrl").asText()).body())).getWidth()).isEqualTo(320);
        assertThat(download(m.path("url").asText()).body()).isEqualTo(gif);
    }

    @Test
    void smallGifKeepsItsSizeAsThumbnail() throws Exception {
        JsonNode m = uploadReady("tiny.gif", "image/gif", TestImages.gif(40, 30));
        assertThat(m.has("animated")).isFalse();
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(download(m.path("thumbnailUrl").asText()).body()));
        assertThat(t.getWidth()).isEqualTo(40);
    }

    @Test
    void rangeRequestsServeFirstMiddleAndSuffixBytesAndRefuseOutOfBounds() throws Exception {
        byte[] video = fakeMp4(10_000);
        String url = uploadReady("v.mp4", "video/mp4", video).path("url").asText();

        HttpResponse<byte[]> first = download(url, "Range", "bytes=0-99");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(video, 0, 100));
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-99/10000");

        HttpResponse<byte[]> middle = download(url, "Range", "bytes=5000-5099");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(video, 5000, 5100));

        HttpResponse<byte[]> suffix = download(url, "Range", "bytes=-100");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(video, 9900, 10000));
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 9900-9999/10000");

        HttpResponse<byte[]> beyond = download(url, "Range", "bytes=20000-20099");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertUnsatisfiableNamesTheSize(beyond);

        HttpResponse<byte[]> full = download(url);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(video);
        if (advertisesRanges()) assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    }

    @Test
    void tamperedUploadSignatureIsRefusedAndNothingIsStored() throws Exception {
        byte[] png = TestImages.png(40, 30);
        JsonNode t = announce("a.png", "image/png", png.length);
        String url = t.path("uploadUrl").asText();
        String tampered = url.replaceFirst("(sig|Signature)=", "$1=A");
        assertThat(tampered).isNotEqualTo(url);
        assertThat(upload(tampered, t, png).statusCode()).isEqualTo(403);
        assertThat(stored("incoming/" + t.path("mediaId").asText())).isFalse();
        assertThat(complete(t.path("mediaId").asText()).code()).isEqualTo("upload_missing");
    }

    @Test
    void expiredUploadUrlIsRefusedAndNothingIsStored() throws Exception {
        byte[] png = TestImages.png(40, 30);
        JsonNode t = announce("a.png", "image/png", png.length);
        String id = t.path("mediaId").asText();
        HttpResponse<byte[]> r = upload(expiredUploadUrl(t), t, png);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(stored("incoming/" + id)).isFalse();
        assertThat(complete(id).code()).isEqualTo("upload_missing");
    }

    @Test
    void abandonedUploadIsSweptWithItsObjectOnlyAfterExpiryAndGrace() throws Exception {
        byte[] png = TestImages.png(40, 30);
        JsonNode t = announce("a.png", "image/png", png.length);
        String id = t.path("mediaId").asText();
        upload(t, png);
        MediaFeature feature = server().juntos().feature(MediaFeature.class);
        Instant now = Instant.now();

        feature.sweeperAt(Clock.fixed(now.plus(Duration.ofMinutes(29)), ZoneOffset.UTC)).sweep();
        assertThat(stored("incoming/" + id)).isTrue();
        assertThat(alicesApi.get("/api/media/" + id).json().path("state").asText()).isEqualTo("pending");

        assertThat(feature.sweeperAt(Clock.fixed(now.plus(Duration.ofMinutes(31)), ZoneOffset.UTC)).sweep()).isPositive();
        assertThat(stored("incoming/" + id)).isFalse();
        assertThat(alicesApi.get("/api/media/" + id).status()).isEqualTo(404);
    }

    @Test
    void bytesWithoutAnyRecordAreSweptAtTheNextPassWhileAPendingUploadsBytesStay() throws Exception {
        String key = "incoming/" + io.juntos.store.Ids.newId();
        plant(key, TestImages.png(4, 4), "image/png");
        byte[] png = TestImages.png(4, 4);
        JsonNode t = announce("p.png", "image/png", png.length);
        assertThat(upload(t, png).statusCode()).isBetween(200, 204);
        MediaFeature feature = server().juntos().feature(MediaFeature.class);
        feature.sweeperAt(Clock.systemUTC()).sweepStaleObjects();
        assertThat(stored(key)).isFalse();
        assertThat(stored("incoming/" + t.path("mediaId").asText())).isTrue();
    }

    /** Security review #4: 5 rounds of 20 MiB reached the store after the record was deleted. */
    @Test
    void anUploadUrlTakesNoBytesThatStayOnceItsRecordIsDeleted() throws Exception {
        MediaFeature feature = server().juntos().feature(MediaFeature.class);
        for (int round = 0; round < 5; round++) {
            byte[] png = TestImages.png(8, 8);
            JsonNode t = announce("gone.png", "image/png", png.length);
            String id = t.path("mediaId").asText();
            assertThat(alicesApi.delete("/api/media/" + id).status()).isEqualTo(204);
            int status = upload(t, png).statusCode();
            // The local backend refuses at the door (410); S3 cannot refuse a presigned PUT, so its
            // bytes are swept at the next pass and completing is refused.
            if (!(this instanceof S3MediaFlowTest)) assertThat(status).isEqualTo(410);
            assertThat(complete(id).status()).isEqualTo(404);
            feature.sweeperAt(Clock.systemUTC()).sweepStaleObjects();
            assertThat(stored("incoming/" + id)).isFalse();
        }
    }

    @Test
    void aCompletedUploadsUrlTakesNoMoreBytes() throws Exception {
        byte[] png = TestImages.png(8, 8);
        JsonNode t = announce("done.png", "image/png", png.length);
        assertThat(upload(t, png).statusCode()).isBetween(200, 204);
        assertThat(complete(t.path("mediaId").asText()).status()).isEqualTo(200);
        int again = upload(t, png).statusCode();
        if (!(this instanceof S3MediaFlowTest)) assertThat(again).isEqualTo(410);
        server().juntos().feature(MediaFeature.class).sweeperAt(Clock.systemUTC()).sweepStaleObjects();
        assertThat(stored("incoming/" + t.path("mediaId").asText())).isFalse();
    }

    @Test
    void moreBytesThanDeclaredAreRefusedAndNothingIsStored() throws Exception {
        byte[] png = TestImages.png(40, 30);
        JsonNode t = announce("a.png", "image/png", png.length - 10);
        int status = upload(t, png).statusCode();
        assertThat(status).isBetween(400, 499);
        String id = t.path("mediaId").asText();
        assertThat(stored("incoming/" + id)).isFalse();
        assertThat(complete(id).code()).isEqualTo("upload_missing");
    }

    @Test
    void storedObjectOfAnotherSizeThanDeclaredIsRejectedAndDeleted() throws Exception {
        byte[] png = TestImages.png(40, 30);
        JsonNode t = announce("a.png", "image/png", png.length - 10);
        String id = t.path("mediaId").asText();
        plant("incoming/" + id, png, "image/png");
        Api.Res r = complete(id);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("size_mismatch");
        assertThat(stored("incoming/" + id)).isFalse();
        assertThat(alicesApi.get("/api/media/" + id).status()).isEqualTo(404);
    }

    @Test
    void contentOfAnotherTypeThanDeclaredIsRejectedWith415AndDeleted() throws Exception {
        byte[] jpeg = TestImages.jpeg(40, 30);
        JsonNode t = announce("a.png", "image/png", jpeg.length);
        String id = t.path("mediaId").asText();
        upload(t, jpeg);
        Api.Res r = complete(id);
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.code()).isEqualTo("type_mismatch");
        assertThat(stored("incoming/" + id)).isFalse();
        assertThat(stored("objects/" + id)).isFalse();
        assertThat(alicesApi.get("/api/media/" + id).status()).isEqualTo(404);
    }

    @Test
    void contentOfNoAcceptedTypeIsRejectedWith415AndDeleted() throws Exception {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes();
        JsonNode t = announce("a.png", "image/png", html.length);
        String id = t.path("mediaId").asText();
        upload(t, html);
        Api.Res r = complete(id);
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.code()).isEqualTo("unsupported_media_type");
        assertThat(stored("incoming/" + id)).isFalse();
    }

    @Test
    void declaredTypeNotAcceptedIsRefusedWith415() {
        Api.Res r = alicesApi.post("/api/media/uploads", Map.of("fileName", "x.svg", "contentType", "image/svg+xml", "size", 100));
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("contentType");
    }

    @Test
    void oversizedDeclarationIsRefusedWith413() {
        Api.Res r = alicesApi.post("/api/media/uploads", Map.of("fileName", "big.jpg", "contentType", "image/jpeg", "size", (20L << 20) + 1));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("file_too_large");
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("size");
    }

    @Test
    void parallelAnnouncementsNeverExceedTheQuota() throws Exception {
        long video = 500L << 20;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(10)) {
            var calls = new java.util.ArrayList<java.util.concurrent.Future<Api.Res>>();
            for (int i = 0; i < 10; i++) {
                calls.add(pool.submit(() -> alicesApi.post("/api/media/uploads", Map.of("fileName", "v.mp4", "contentType", "video/mp4", "size", video))));
            }
            int created = 0;
            for (var c : calls) {
                Api.Res r = c.get();
                if (r.status() == 201) created++;
                else assertThat(r.code()).as(r.toString()).isEqualTo("quota_exceeded");
            }
            // The default quota of 2 GiB holds four 500 MiB videos, however the requests interleave.
            assertThat(created).isEqualTo(4);
        }
    }

    @Test
    void someoneElseGets404ForUnattachedMedia() throws Exception {
        JsonNode m = uploadReady("me.png", "image/png", TestImages.png(20, 20));
        Api.Account bob = api.signup("bob");
        Api.Res r = api.as(bob.accessToken()).get("/api/media/" + m.path("id").asText());
        assertThat(r.status()).isEqualTo(404);
        assertThat(api.as(bob.accessToken()).post("/api/media/" + m.path("id").asText() + "/complete", Map.of()).status()).isEqualTo(404);
    }

    /** Whether downloads carry {@code X-Content-Type-Options: nosniff} (ours do; a presigned S3 GET cannot add it, see docs/media.md). */
    boolean sendsNosniff() {
        return true;
    }

    /** Whether a full response says {@code Accept-Ranges: bytes} (ours does; S3Proxy does not, though AWS does). */
    boolean advertisesRanges() {
        return true;
    }

    void assertUnsatisfiableNamesTheSize(HttpResponse<byte[]> res) {
        assertThat(res.headers().firstValue("Content-Range")).hasValue("bytes */10000");
    }

    /** An ISO-BMFF header ({@code ftyp isom}) followed by a counting pattern, so ranges are checkable. */
    static byte[] fakeMp4(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (i * 31 + 7);
        byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }
}
