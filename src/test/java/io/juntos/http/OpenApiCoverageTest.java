package io.juntos.http;

import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document stays true: every registered route is documented and nothing else is. */
class OpenApiCoverageTest {

    @Test
    void everyRegisteredRouteIsDocumentedAndViceVersa() {
        try (var server = TestServer.start(Engine.SQLITE)) {
            var docs = server.juntos().platform().apiDocs();
            List<String> registered = new ArrayList<>(docs.registeredRoutes());
            assertThat(registered).isNotEmpty();
            assertThat(docs.documentedRoutes()).containsExactlyInAnyOrderElementsOf(registered);

            var served = server.api().get("/api/openapi.json");
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.json().path("openapi").asText()).isEqualTo("3.1.0");
            assertThat(served.json().path("paths").has("/api/auth/signup")).isTrue();
        }
    }
}
