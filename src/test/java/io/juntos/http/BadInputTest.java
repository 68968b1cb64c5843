package io.juntos.http;

import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule for bad input, sent over real HTTP: status, problem code and field. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    TestServer server;
    Api api;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_MAX_BODY_BYTES", "4KiB"));
        api = server.api();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Api.Res signupRaw(String json) {
        return api.raw("POST", "/api/auth/signup", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(Api.Res r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.json().path("detail").asText()).isNotBlank();
        assertThat(r.json().path("requestId").asText()).isNotBlank();
    }

    private static void assertField(Api.Res r, String field, String code) {
        var errors = r.json().path("errors");
        boolean found = false;
        for (var e : errors) found |= e.path("field").asText().equals(field) && e.path("code").asText().equals(code);
        assertThat(found).as("error %s/%s in %s", field, code, r).isTrue();
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(signupRaw("{\"fullName\": "), 400, "malformed_json");
        assertProblem(signupRaw("not json"), 400, "malformed_json");
        assertProblem(signupRaw("[1,2]"), 400, "malformed_json");
    }

    @Test
    void emptyBodyIs400() {
        assertProblem(signupRaw(""), 400, "missing_body");
        assertProblem(signupRaw("null"), 400, "missing_body");
    }

    @Test
    void unknownFieldIs400WithTheField() {
        var r = signupRaw("{\"fullName\":\"A\",\"username\":\"abc\",\"email\":\"a@b.co\",\"password\":\"long enough pw\",\"isAdmin\":true}");
        assertProblem(r, 400, "unknown_field");
        assertField(r, "isAdmin", "unknown_field");
    }

    @Test
    void wrongTypeIs400WithTheField() {
        var r = signupRaw("{\"fullName\":\"A\",\"username\":42,\"email\":\"a@b.co\",\"password\":\"long enough pw\"}");
        assertProblem(r, 400, "wrong_type");
        assertField(r, "username", "wrong_type");
        assertField(signupRaw("{\"fullName\":{\"x\":1}}"), "fullName", "wrong_type");
    }

    @Test
    void wrongContentTypeIs415() {
        assertProblem(api.raw("POST", "/api/auth/signup", "text/plain", "{}".getBytes()), 415, "unsupported_media_type");
    }

    @Test
    void oversizedBodyIs413() {
        String big = "{\"fullName\":\"" + "x".repeat(5000) + "\"}";
        assertProblem(signupRaw(big), 413, "payload_too_large");
    }

    @Test
    void tooShortAndTooLongValuesAre422WithTheirFields() {
        var r = api.post("/api/auth/signup", Map.of("fullName", "", "username", "ab", "email", "not-an-email", "password", "short"));
        assertProblem(r, 422, "validation_failed");
        assertField(r, "fullName", "too_short");
        assertField(r, "username", "too_short");
        assertField(r, "email", "invalid_email");
        assertField(r, "password", "too_short");
        var longer = api.post("/api/auth/signup", Map.of("fullName", "x".repeat(101), "username", "a".repeat(33),
                "email", "a@b.co", "password", "p".repeat(129)));
        assertField(longer, "fullName", "too_long");
        assertField(longer, "username", "too_long");
        assertField(longer, "password", "too_long");
        var chars = api.post("/api/auth/signup", Map.of("fullName", "A", "username", "bad name!", "email", "a@b.co", "password", "long enough pw"));
        assertField(chars, "username", "invalid_username");
    }

    @Test
    void missingFieldsAre422() {
        var r = api.post("/api/auth/signup", Map.of());
        assertProblem(r, 422, "validation_failed");
        assertField(r, "username", "required");
        assertField(r, "password", "required");
    }

    @Test
    void commonPasswordIsRefused() {
        var r = api.post("/api/auth/signup", Map.of("fullName", "A", "username", "commonpw", "email", "c@b.co", "password", "Password123"));
        assertField(r, "password", "password_too_common");
    }

    @Test
    void duplicateUsernameOrEmailIs409() {
        var a = api.signup("dup");
        var sameName = api.post("/api/auth/signup", Map.of("fullName", "B", "username", a.username().toUpperCase(),
                "email", "other" + a.username() + "@example.org", "password", "long enough pw"));
        assertProblem(sameName, 409, "username_taken");
        assertField(sameName, "username", "username_taken");
        var sameEmail = api.post("/api/auth/signup", Map.of("fullName", "B", "username", "x" + a.username().substring(1),
                "email", a.username().toUpperCase() + "@example.org", "password", "long enough pw"));
        assertProblem(sameEmail, 409, "email_taken");
        assertField(sameEmail, "email", "email_taken");
    }

    @Test
    void wrongPasswordIs401() {
        var a = api.signup("wrong");
        assertProblem(api.post("/api/auth/signin", Map.of("login", a.username(), "password", "definitely wrong")), 401, "invalid_credentials");
    }

    @Test
    void sixthFailedSigninIsThrottledWithRetryAfter() {
        // A server of its own: the per-address counter would otherwise see other tests' failures.
        try (var own = TestServer.start(Engine.SQLITE)) {
            sixthFailureIsThrottled(own.api());
        }
    }

    private static void sixthFailureIsThrottled(Api api) {
        var a = api.signup("thr");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/auth/signin", Map.of("login", a.username(), "password", "wrong " + i)).status()).isEqualTo(401);
        }
        var r = api.post("/api/auth/signin", Map.of("login", a.username(), "password", a.password()));
        assertProblem(r, 429, "signin_throttled");
        long retry = Long.parseLong(r.header("Retry-After").orElseThrow());
        assertThat(retry).isBetween(1L, 15L * 60);
    }

    @Test
    void signupsFromOneAddressAreRateLimited() {
        try (var own = TestServer.start(Engine.SQLITE, Map.of("JUNTOS_LIMIT_SIGNUP_PER_ADDRESS", "2/1h"))) {
            own.api().signup("lim");
            own.api().signup("lim");
            var r = own.api().post("/api/auth/signup", Map.of("fullName", "C", "username", "limited3", "email", "l3@example.org", "password", "long enough pw"));
            assertProblem(r, 429, "rate_limited");
            assertThat(r.header("Retry-After")).isPresent();
        }
    }

    @Test
    void missingAccessTokenIs401() {
        var r = api.get("/api/profile");
        assertProblem(r, 401, "auth_required");
        assertThat(r.header("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
    }

    @Test
    void forgedAccessTokenIs401() {
        var a = api.signup("forge");
        String[] parts = a.accessToken().split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertProblem(api.as(tampered).get("/api/profile"), 401, "token_invalid");
        assertProblem(api.as("garbage").get("/api/profile"), 401, "token_invalid");
        String noneAlg = "eyJhbGciOiJub25lIn0." + parts[1] + ".";
        assertProblem(api.as(noneAlg).get("/api/profile"), 401, "token_invalid");
    }

    @Test
    void expiredAccessTokenIs401() throws Exception {
        var clock = io.juntos.testing.TestClock.ticking();
        try (var shortLived = TestServer.with(Engine.SQLITE).clock(clock).start()) {
            var a = shortLived.api().signup("exp");
            clock.advance(java.time.Duration.ofMinutes(16)); // the default access-token lifetime is 15 minutes
            assertProblem(shortLived.api().as(a.accessToken()).get("/api/profile"), 401, "token_expired");
        }
    }

    @Test
    void unknownRouteIsAProblem404() {
        assertProblem(api.get("/api/does-not-exist"), 404, "not_found");
    }

    @Test
    void badPagingParametersAre422() {
        var a = api.signup("page");
        assertField(api.as(a.accessToken()).get("/api/activity?limit=1000"), "limit", "out_of_range");
        assertField(api.as(a.accessToken()).get("/api/activity?before=xyz"), "before", "invalid_cursor");
    }

    @Test
    void everyResponseCarriesSecurityHeaders() {
        for (var r : new Api.Res[]{api.get("/"), api.get("/healthz"), api.get("/api/profile")}) {
            String csp = r.header("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.header("Referrer-Policy")).isPresent();
            assertThat(r.header("X-Request-Id")).isPresent();
        }
    }
}
