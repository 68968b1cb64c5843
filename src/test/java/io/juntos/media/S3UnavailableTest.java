package io.juntos.media;

import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When the object store cannot be reached, completing is a 503 to retry, and the upload stays pending. */
class S3UnavailableTest {
    @Test
    void completingWhileTheStoreIsDownAnswers503AndKeepsTheUpload() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = Map.of("JUNTOS_MEDIA_BACKEND", "s3", "JUNTOS_S3_BUCKET", "b", "JUNTOS_S3_ENDPOINT", "http://127.0.0.1:" + port,
                "JUNTOS_S3_ACCESS_KEY", "k", "JUNTOS_S3_SECRET_KEY", "s");
        try (var server = TestServer.start(Engine.SQLITE, env)) {
            Api api = server.api();
            Api as = api.as(api.signup("alice").accessToken());
            String id = as.post("/api/media/uploads", Map.of("fileName", "a.png", "contentType", "image/png", "size", 10)).json().path("mediaId").asText();
            Api.Res r = as.post("/api/media/" + id + "/complete", Map.of());
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.code()).isEqualTo("storage_unavailable");
            assertThat(r.header("Retry-After")).isPresent();
            assertThat(as.get("/api/media/" + id).json().path("state").asText()).isEqualTo("pending");
        }
    }
}
