package io.juntos.media;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The media flow on the S3 backend, against S3Proxy running in this JVM; SQLite. */
class S3MediaFlowTest extends MediaFlowContract {
    static InProcessS3 s3;
    static TestServer server;

    @BeforeAll
    static void start() {
        s3 = InProcessS3.start();
        server = TestServer.start(Engine.SQLITE, s3.env());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (s3 != null) s3.close();
    }

    @Override
    TestServer server() {
        return server;
    }

    @Override
    boolean stored(String key) {
        return s3.exists(key);
    }

    @Override
    String expiredUploadUrl(com.fasterxml.jackson.databind.JsonNode t) throws Exception {
        // Signed a minute ago for one second: expired by the store's own clock, no waiting.
        return s3.presignPut("incoming/" + t.path("mediaId").asText(), "image/png", java.time.Duration.ofSeconds(1),
                java.time.Instant.now().minusSeconds(60));
    }

    @Override
    void plant(String key, byte[] bytes, String contentType) {
        s3.put(key, bytes, contentType);
    }

    /** S3 answers 416 with an InvalidRange error document but, in S3Proxy, no Content-Range header. */
    @Override
    void assertUnsatisfiableNamesTheSize(java.net.http.HttpResponse<byte[]> res) {
        assertThat(new String(res.body())).contains("InvalidRange");
    }

    @Override
    boolean sendsNosniff() {
        return false;
    }

    @Override
    boolean advertisesRanges() {
        return false;
    }

    /** The expired-URL case must fail for its age alone: the same signing, done now, is accepted. */
    @Test
    void aUrlSignedTheSameWayNowIsAccepted() throws Exception {
        byte[] png = TestImages.png(40, 30);
        var t = announce("a.png", "image/png", png.length);
        String id = t.path("mediaId").asText();
        String fresh = s3.presignPut("incoming/" + id, "image/png", java.time.Duration.ofMinutes(5), java.time.Instant.now());
        assertThat(upload(fresh, t, png).statusCode()).isEqualTo(200);
        assertThat(stored("incoming/" + id)).isTrue();
    }

    @Test
    void uploadAndDownloadUrlsPointAtTheStoreAndItIsAllowedByTheCsp() throws Exception {
        var t = announce("a.png", "image/png", 10);
        assertThat(t.path("uploadUrl").asText()).startsWith(s3.endpoint() + "/" + InProcessS3.BUCKET + "/incoming/");
        assertThat(t.path("uploadUrl").asText()).contains("X-Amz-Signature=");
        String csp = api.get("/api/openapi.json").header("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("img-src 'self' data: blob: " + s3.endpoint()).contains("media-src 'self' blob: " + s3.endpoint())
                .contains("connect-src 'self' " + s3.endpoint());
    }
}
