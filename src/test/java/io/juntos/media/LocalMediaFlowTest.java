package io.juntos.media;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.auth.TokenKeys;

import java.nio.file.Files;
import java.time.Instant;
import java.nio.file.Path;

/** The media flow on the local-folder backend, SQLite. */
class LocalMediaFlowTest extends MediaFlowContract {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    TestServer server() {
        return server;
    }

    Path dir() {
        return server.dataDir().resolve("media");
    }

    @Override
    boolean stored(String key) {
        return Files.exists(dir().resolve(key));
    }

    @Override
    String expiredUploadUrl(JsonNode t) {
        var store = new LocalMediaStore(dir(), new UrlSigner(TokenKeys.load(null, server.dataDir())), "");
        long size = Long.parseLong(t.path("uploadUrl").asText().replaceAll(".*[?&]size=(\\d+).*", "$1"));
        return store.signUpload("incoming/" + t.path("mediaId").asText(), MediaType.PNG, size, Instant.now().minusSeconds(5)).url().toString();
    }

    @Override
    void plant(String key, byte[] bytes, String contentType) throws Exception {
        Files.write(dir().resolve(key), bytes);
    }
}
