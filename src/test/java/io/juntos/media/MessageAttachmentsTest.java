package io.juntos.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Chat messages carrying media: sent atomically, seen by members only, gone with the message. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageAttachmentsTest {
    TestServer server;
    Api api;
    Api.Account alice;
    Api.Account bob;
    String conv;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.SQLITE);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void conversation() {
        api = server.api();
        alice = api.signup("alice");
        bob = api.signup("bob");
        conv = api.as(alice.accessToken()).post("/api/conversations/direct", Map.of("userId", bob.id())).json().path("id").asText();
    }

    private String upload(Api.Account who, String name, String type, byte[] bytes) throws Exception {
        Api as = api.as(who.accessToken());
        JsonNode t = as.post("/api/media/uploads", Map.of("fileName", name, "contentType", type, "size", bytes.length)).json();
        HttpResponse<byte[]> up = MediaFlowContract.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(t.path("uploadUrl").asText()))
                .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(up.statusCode()).isEqualTo(204);
        assertThat(as.post("/api/media/" + t.path("mediaId").asText() + "/complete", Map.of()).status()).isEqualTo(200);
        return t.path("mediaId").asText();
    }

    private Api.Res send(Api.Account who, String text, List<String> attachments) {
        Map<String, Object> body = new HashMap<>(Map.of("clientMsgId", UUID.randomUUID().toString(), "attachments", attachments));
        if (text != null) body.put("text", text);
        return api.as(who.accessToken()).post("/api/conversations/" + conv + "/messages", body);
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return MediaFlowContract.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void photoSentInAMessageReachesTheOtherMemberWithItsThumbnail() throws Exception {
        String photo = upload(alice, "beach.jpg", "image/jpeg", TestImages.jpegWithGps(1200, 900));
        String clip = upload(alice, "wave.mp4", "video/mp4", MediaFlowContract.fakeMp4(5000));
        try (var b = WsTestClient.live(server.baseUrl(), bob.accessToken())) {
            Api.Res sent = send(alice, null, List.of(photo, clip));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
            JsonNode m = sent.json().path("message");
            assertThat(m.path("kind").asText()).isEqualTo("media");
            assertThat(m.path("attachments")).hasSize(2);

            JsonNode created = b.awaitEvent("message.created", d -> d.path("message").path("id").asText().equals(m.path("id").asText()));
            JsonNode first = created.path("message").path("attachments").get(0);
            assertThat(first.path("id").asText()).isEqualTo(photo);
            assertThat(first.path("width").asInt()).isEqualTo(900);
            HttpResponse<byte[]> thumb = get(first.path("thumbnailUrl").asText());
            assertThat(thumb.statusCode()).isEqualTo(200);
            assertThat(ImageIO.read(new ByteArrayInputStream(thumb.body())).getWidth()).isEqualTo(320);
            assertThat(created.path("message").path("attachments").get(1).path("contentType").asText()).isEqualTo("video/mp4");
        }
        JsonNode history = api.as(bob.accessToken()).get("/api/conversations/" + conv + "/messages").json();
        JsonNode last = history.path("items").get(history.path("items").size() - 1);
        assertThat(last.path("attachments").get(1).path("url").asText()).isNotBlank();
        assertThat(api.as(bob.accessToken()).get("/api/media/" + photo).status()).isEqualTo(200);
        Api.Account carol = api.signup("carol");
        assertThat(api.as(carol.accessToken()).get("/api/media/" + photo).status()).isEqualTo(404);
    }

    @Test
    void deletingTheMessageDeletesItsFiles() throws Exception {
        String photo = upload(alice, "a.png", "image/png", TestImages.png(400, 300));
        String id = send(alice, "look", List.of(photo)).json().path("message").path("id").asText();
        assertThat(Files.exists(server.dataDir().resolve("media/objects/" + photo))).isTrue();
        Api.Res deleted = api.as(alice.accessToken()).delete("/api/conversations/" + conv + "/messages/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("attachments")).isEmpty();
        assertThat(api.as(bob.accessToken()).get("/api/media/" + photo).status()).isEqualTo(404);
        assertThat(api.as(alice.accessToken()).get("/api/media/" + photo).status()).isEqualTo(404);
        assertThat(Files.exists(server.dataDir().resolve("media/objects/" + photo))).isFalse();
        assertThat(Files.exists(server.dataDir().resolve("media/objects/" + photo + ".thumb"))).isFalse();
    }

    @Test
    void someoneElsesUnfinishedOrTooManyFilesAreRefusedAndNoMessageIsSent() throws Exception {
        String bobs = upload(bob, "b.png", "image/png", TestImages.png(10, 10));
        String pending = api.as(alice.accessToken()).post("/api/media/uploads", Map.of("fileName", "p.png", "contentType", "image/png", "size", 10))
                .json().path("mediaId").asText();
        Api.Res r = send(alice, "hi", List.of(bobs, pending));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("errors").toString()).contains("attachments[0]").contains("media_not_found")
                .contains("attachments[1]").contains("media_not_ready");
        assertThat(send(alice, "hi", java.util.Collections.nCopies(11, bobs)).json().path("errors").toString()).contains("too_many");
        assertThat(send(alice, null, List.of()).json().path("errors").toString()).contains("\"field\":\"text\"");
        JsonNode history = api.as(alice.accessToken()).get("/api/conversations/" + conv + "/messages").json();
        assertThat(history.path("items")).isEmpty();
        // The refused message left bob's file free: he can still send it himself.
        assertThat(send(bob, null, List.of(bobs)).status()).isEqualTo(201);
    }
}
