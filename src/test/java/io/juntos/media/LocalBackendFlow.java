package io.juntos.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.auth.TokenKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The flow contract on the local-folder backend, looking into the media folder for orphans. */
abstract class LocalBackendFlow extends MediaFlowContract {
    Path dir() {
        return server().dataDir().resolve("media");
    }

    @Override
    boolean stored(String key) {
        return Files.exists(dir().resolve(key));
    }

    @Override
    String expiredUploadUrl(JsonNode t) {
        var store = new LocalMediaStore(dir(), new UrlSigner(TokenKeys.load(null, server().dataDir())), "");
        long size = Long.parseLong(t.path("uploadUrl").asText().replaceAll(".*[?&]size=(\\d+).*", "$1"));
        return store.signUpload("incoming/" + t.path("mediaId").asText(), MediaType.PNG, size, Instant.now().minusSeconds(5)).url().toString();
    }

    @Override
    void plant(String key, byte[] bytes, String contentType) throws Exception {
        Files.write(dir().resolve(key), bytes);
    }
}
