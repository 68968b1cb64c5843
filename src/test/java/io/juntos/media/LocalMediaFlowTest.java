package io.juntos.media;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The media flow on the local-folder backend, SQLite. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalMediaFlowTest extends LocalBackendFlow {
    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.SQLITE);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Override
    TestServer server() {
        return server;
    }
}
