package io.juntos.media;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
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
    void plant(String key, byte[] bytes, String contentType) throws Exception {
        Files.write(dir().resolve(key), bytes);
    }
}
