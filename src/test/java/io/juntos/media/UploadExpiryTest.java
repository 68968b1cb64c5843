package io.juntos.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real expiry with a one-second URL lifetime: the upload URL stops working and completing says the upload is gone. */
class UploadExpiryTest {
    @Test
    void expiredTicketRefusesBytesAndCompletingDeletesTheUpload() throws Exception {
        try (var server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_MEDIA_URL_TTL", "1s"))) {
            Api api = server.api();
            Api as = api.as(api.signup("alice").accessToken());
            byte[] png = TestImages.png(8, 8);
            JsonNode t = as.post("/api/media/uploads", Map.of("fileName", "a.png", "contentType", "image/png", "size", png.length)).json();
            String id = t.path("mediaId").asText();
            Thread.sleep(2100);
            HttpResponse<String> put = MediaFlowContract.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(t.path("uploadUrl").asText()))
                    .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(put.body()).contains("url_expired");

            Api.Res done = as.post("/api/media/" + id + "/complete", Map.of());
            assertThat(done.status()).isEqualTo(410);
            assertThat(done.code()).isEqualTo("upload_expired");
            assertThat(as.get("/api/media/" + id).status()).isEqualTo(404);
        }
    }
}
