package io.juntos.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestClock;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Expiry on the server's clock: past its lifetime the upload URL stops working and completing says the upload is gone. */
class UploadExpiryTest {
    @Test
    void expiredTicketRefusesBytesAndCompletingDeletesTheUpload() throws Exception {
        var clock = TestClock.ticking();
        try (var server = TestServer.with(Engine.SQLITE).clock(clock).env(Map.of("JUNTOS_MEDIA_URL_TTL", "1m")).start()) {
            Api api = server.api();
            Api as = api.as(api.signup("alice").accessToken());
            byte[] png = TestImages.png(8, 8);
            JsonNode t = as.post("/api/media/uploads", Map.of("fileName", "a.png", "contentType", "image/png", "size", png.length)).json();
            String id = t.path("mediaId").asText();
            clock.advance(Duration.ofMinutes(2)); // past the URL, well within the access token
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
