package io.juntos.auth;

import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in throttle under the race the security review ran: 50 parallel guesses, then the
 * right password. Addresses come from X-Forwarded-For (the server trusts its proxy here).
 */
class SigninRaceTest {
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_TRUST_PROXY", "true"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Api.Res signin(String login, String password, String address) {
        return api.send(api.builder("/api/auth/signin").header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"login\":\"" + login + "\",\"password\":\"" + password + "\"}")));
    }

    static List<Integer> parallel(int n, java.util.function.IntFunction<Api.Res> attempt) throws Exception {
        try (var pool = Executors.newFixedThreadPool(n)) {
            List<Callable<Integer>> tasks = IntStream.range(0, n).<Callable<Integer>>mapToObj(i -> () -> attempt.apply(i).status()).toList();
            return pool.invokeAll(tasks).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void fiftyParallelWrongGuessesDoNotLetTheRightPasswordThroughFromThatAddress() throws Exception {
        var a = api.signup("race");
        List<Integer> statuses = parallel(50, i -> signin(a.username(), "wrong guess " + i, "203.0.113.7"));
        assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(5);
        assertThat(statuses).containsOnly(401, 429);
        var right = signin(a.username(), a.password(), "203.0.113.7");
        assertThat(right.status()).as(right.toString()).isEqualTo(429);
        assertThat(right.code()).isEqualTo("signin_throttled");
        assertThat(right.header("Retry-After")).isPresent();
    }

    @Test
    void usernameAndEmailOfOneAccountShareOneCount() {
        var a = api.signup("both");
        for (int i = 0; i < 3; i++) assertThat(signin(a.username(), "wrong " + i, "203.0.113.8").status()).isEqualTo(401);
        for (int i = 0; i < 2; i++) assertThat(signin(a.username() + "@example.org", "wrong " + i, "203.0.113.8").status()).isEqualTo(401);
        assertThat(signin(a.username() + "@EXAMPLE.org", a.password(), "203.0.113.8").status()).isEqualTo(429);
    }

    @Test
    void aStrangerGuessingFromAnotherAddressCannotLockTheOwnerOut() throws Exception {
        var a = api.signup("owner");
        List<Integer> statuses = parallel(50, i -> signin(a.username(), "stranger " + i, "198.51.100.66"));
        assertThat(statuses).doesNotContain(200);
        var owner = signin(a.username(), a.password(), "192.0.2.10");
        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
    }
}
