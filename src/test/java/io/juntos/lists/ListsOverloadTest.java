package io.juntos.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.TestServer;
import io.juntos.testing.Engine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past what a list's one writer can take, the server pushes back ({@code overloaded}, 503, with
 * Retry-After) instead of queueing without bound; nothing refused is applied, nothing accepted is
 * lost, and clients that retry end with everything.
 */
class ListsOverloadTest {

    @Test
    void writersBeyondThePendingBoundAreRefusedToRetryAndNothingIsLost() throws Exception {
        try (TestServer server = TestServer.with(Engine.SQLITE).env("JUNTOS_LISTS_MAX_PENDING", "1").start()) {
            Api api = server.api();
            Account ana = api.signup("ana");
            Api a = api.as(ana.accessToken());
            String id = a.post("/api/lists", Map.of("name", "Busy")).json().path("list").path("id").asText();
            int writers = 24;
            var refused = new ConcurrentLinkedQueue<String>();
            var accepted = new ConcurrentLinkedQueue<String>();
            var retryAfter = new ConcurrentLinkedQueue<String>();
            var start = new CountDownLatch(1);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < writers; i++) {
                    String title = "task " + i;
                    pool.submit(() -> {
                        start.await();
                        Api.Res r = a.post("/api/lists/" + id + "/items", Map.of("title", title));
                        if (r.status() == 201) accepted.add(title);
                        else {
                            assertThat(r.status()).as(r.toString()).isEqualTo(503);
                            assertThat(r.code()).isEqualTo("overloaded");
                            r.header("Retry-After").ifPresent(retryAfter::add);
                            refused.add(title);
                        }
                        return null;
                    });
                }
                start.countDown();
            }
            assertThat(accepted.size() + refused.size()).isEqualTo(writers);
            assertThat(titles(a, id)).containsExactlyInAnyOrderElementsOf(accepted);
            System.out.println("ListsOverloadTest: accepted=" + accepted.size() + " refused=" + refused.size());
            assertThat(refused).as("24 writers at once on a bound of 1").isNotEmpty();
            assertThat(retryAfter).hasSameSizeAs(refused);
            for (String title : refused) {
                Api.Res r;
                do {
                    r = a.post("/api/lists/" + id + "/items", Map.of("title", title));
                } while (r.status() == 503);
                assertThat(r.status()).isEqualTo(201);
            }
            assertThat(titles(a, id)).hasSize(writers).doesNotHaveDuplicates();
        }
    }

    private static List<String> titles(Api a, String id) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : a.get("/api/lists/" + id).json().path("items")) out.add(i.path("title").asText());
        return out;
    }
}
