package io.juntos.media;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The media flow on the local-folder backend, PostgreSQL (quota locks, attach updates and the sweeper query on the other engine). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalMediaFlowPostgresTest extends LocalBackendFlow {
    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.POSTGRES);
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
