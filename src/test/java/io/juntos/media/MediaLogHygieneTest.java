package io.juntos.media;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** At DEBUG, a whole upload/download round on each backend logs no signature and no S3 credential. */
class MediaLogHygieneTest {
    @Test
    void signedUrlsAndS3CredentialsNeverReachTheLogs() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        var previous = root.getLevel();
        try (InProcessS3 s3 = InProcessS3.start()) {
            Map<String, String> env = new HashMap<>(s3.env());
            env.put("JUNTOS_LOG_LEVEL", "DEBUG");
            String s3Signature = round(TestServer.start(Engine.SQLITE, env));
            String localSignature = round(TestServer.start(Engine.SQLITE, Map.of("JUNTOS_LOG_LEVEL", "DEBUG")));
            // The in-process S3 server is test scaffolding with its own logging; ours is what is checked.
            String all = String.join("\n", captured.list.stream().filter(e -> !e.getLoggerName().startsWith("org.gaul"))
                    .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList());
            assertThat(all).contains("path=/api/media/uploads");
            assertThat(all).doesNotContain(s3Signature).doesNotContain(localSignature)
                    .doesNotContain("X-Amz-Signature").doesNotContain("Signature=").doesNotContain("sig=")
                    .doesNotContain(InProcessS3.SECRET).doesNotContain(InProcessS3.ACCESS);
        } finally {
            root.detachAppender(captured);
            root.setLevel(previous);
        }
    }

    /** Announce, upload, complete, read, download; returns the upload URL's signature. */
    private static String round(TestServer server) throws Exception {
        try (server) {
            Api api = server.api();
            Api as = api.as(api.signup("logs").accessToken());
            byte[] png = TestImages.png(50, 50);
            JsonNode t = as.post("/api/media/uploads", Map.of("fileName", "a.png", "contentType", "image/png", "size", png.length)).json();
            URI url = URI.create(server.baseUrl()).resolve(t.path("uploadUrl").asText());
            HttpRequest.Builder put = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(png));
            t.path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
            assertThat(MediaFlowContract.HTTP.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isBetween(200, 204);
            String id = t.path("mediaId").asText();
            assertThat(as.post("/api/media/" + id + "/complete", Map.of()).status()).isEqualTo(200);
            String download = as.get("/api/media/" + id).json().path("url").asText();
            MediaFlowContract.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(download)).build(), HttpResponse.BodyHandlers.discarding());
            return url.getQuery().replaceAll(".*(?:sig|X-Amz-Signature)=([^&]+).*", "$1");
        }
    }
}
