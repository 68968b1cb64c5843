package io.juntos.auth;

import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts over real HTTP against a running server; run once per SQL engine by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthApiContract {
    TestServer server;
    Api api;

    abstract Engine engine();

    @BeforeAll
    void start() {
        server = TestServer.start(engine());
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void signupReturnsUserTokensAndRefreshCookie() {
        var r = api.post("/api/auth/signup", Map.of("fullName", "Ana Lima", "username", "Ana.Lima", "email", "ana.lima@example.org",
                "password", "a long pass phrase"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("user").path("username").asText()).isEqualTo("ana.lima");
        assertThat(r.json().path("user").has("passwordHash")).isFalse();
        assertThat(r.json().path("accessToken").asText()).contains(".");
        assertThat(r.json().path("expiresIn").asLong()).isEqualTo(900);
        String cookie = r.header("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("juntos_refresh=").contains("HttpOnly", "SameSite=Strict", "Path=/api/auth");
        var me = api.as(r.json().path("accessToken").asText()).get("/api/profile");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("email").asText()).isEqualTo("ana.lima@example.org");
    }

    @Test
    void signinWorksWithUsernameOrEmailCaseInsensitively() {
        var a = api.signup("sig");
        assertThat(api.post("/api/auth/signin", Map.of("login", a.username().toUpperCase(), "password", a.password())).status()).isEqualTo(200);
        var r = api.post("/api/auth/signin", Map.of("login", a.username() + "@EXAMPLE.org", "password", a.password()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("user").path("id").asText()).isEqualTo(a.id());
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSame401() {
        var a = api.signup("same");
        var wrong = api.post("/api/auth/signin", Map.of("login", a.username(), "password", "not the password"));
        var unknown = api.post("/api/auth/signin", Map.of("login", "nobody_" + a.username(), "password", "not the password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("invalid_credentials").isEqualTo(unknown.code());
        assertThat(wrong.json().path("detail").asText()).isEqualTo(unknown.json().path("detail").asText());
    }

    @Test
    void refreshRotatesTheToken() {
        var a = api.signup("rot");
        var r1 = api.post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
        assertThat(r1.status()).isEqualTo(200);
        String next = r1.json().path("refreshToken").asText();
        assertThat(next).isNotEqualTo(a.refreshToken());
        assertThat(r1.json().path("sessionId").asText()).isEqualTo(a.sessionId());
        var r2 = api.post("/api/auth/refresh", Map.of("refreshToken", next));
        assertThat(r2.status()).isEqualTo(200);
        assertThat(api.as(r2.json().path("accessToken").asText()).get("/api/profile").status()).isEqualTo(200);
    }

    @Test
    void refreshFromTheCookieAnswersTheNewTokenOnlyAsACookie() {
        var a = api.signup("cook");
        var r = api.send(api.builder("/api/auth/refresh").header("Cookie", "juntos_refresh=" + a.refreshToken())
                .header("Origin", "http://localhost:8080").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("refreshToken")).as("page script must not read the refresh token: " + r).isFalse();
        assertThat(r.json().path("accessToken").asText()).isNotBlank();
        String cookie = r.header("Set-Cookie").orElseThrow();
        String next = cookie.substring("juntos_refresh=".length(), cookie.indexOf(';'));
        assertThat(next).isNotBlank().isNotEqualTo(a.refreshToken());
        // a client that sent its token in the body gets the next one in the body
        var body = api.post("/api/auth/refresh", Map.of("refreshToken", next));
        assertThat(body.json().path("refreshToken").asText()).isNotBlank();
    }

    @Test
    void aCookieRefreshFromAForeignOriginIsRefusedAndLoggedWithTheSettingToChange() {
        var a = api.signup("orig");
        var r = api.send(api.builder("/api/auth/refresh").header("Cookie", "juntos_refresh=" + a.refreshToken())
                .header("Origin", "http://127.0.0.2:9999").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("origin_not_allowed");
        assertThat(r.json().path("detail").asText()).contains("JUNTOS_ALLOWED_ORIGINS");
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
        var a = api.signup("reuse");
        var r1 = api.post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
        String descendant = r1.json().path("refreshToken").asText();
        String access = r1.json().path("accessToken").asText();

        var replay = api.post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken()));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.code()).isEqualTo("refresh_reused");
        // The legitimate descendant and its access token die with the family.
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", descendant)).status()).isEqualTo(401);
        var profile = api.as(access).get("/api/profile");
        assertThat(profile.status()).isEqualTo(401);
        assertThat(profile.code()).isEqualTo("session_revoked");
    }

    @Test
    void signoutRevokesTheSession() {
        var a = api.signup("out");
        var me = api.as(a.accessToken());
        var r = me.post("/api/auth/signout", Map.of());
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(me.get("/api/profile").status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", a.refreshToken())).code()).isEqualTo("session_revoked");
    }

    @Test
    void sessionsAreListedAndOneCanBeRevoked() {
        var a = api.signup("sess");
        var second = api.post("/api/auth/signin", Map.of("login", a.username(), "password", a.password())).json();
        var me = api.as(a.accessToken());
        var list = me.get("/api/auth/sessions").json().path("sessions");
        assertThat(list).hasSize(2);
        String otherId = second.path("sessionId").asText();
        assertThat(me.delete("/api/auth/sessions/" + otherId).status()).isEqualTo(204);
        assertThat(api.as(second.path("accessToken").asText()).get("/api/profile").status()).isEqualTo(401);
        assertThat(me.get("/api/auth/sessions").json().path("sessions")).hasSize(1);
        assertThat(me.get("/api/auth/sessions").json().path("sessions").get(0).path("current").asBoolean()).isTrue();
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        var a = api.signup("own");
        var b = api.signup("oth");
        var r = api.as(a.accessToken()).delete("/api/auth/sessions/" + b.sessionId());
        assertThat(r.status()).isEqualTo(404);
        assertThat(api.as(b.accessToken()).get("/api/profile").status()).isEqualTo(200);
    }

    @Test
    void profileCanBeEdited() {
        var a = api.signup("prof");
        var me = api.as(a.accessToken());
        var r = me.put("/api/profile", Map.of("fullName", "New <b>Name</b>", "bio", "Hi", "avatarUrl", "https://img.example.org/a.png"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("fullName").asText()).isEqualTo("New <b>Name</b>");
        assertThat(me.get("/api/profile").json().path("bio").asText()).isEqualTo("Hi");
        var bad = me.put("/api/profile", Map.of("avatarUrl", "javascript:alert(1)"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("avatarUrl");
    }

    @Test
    void passwordChangeRevokesEveryOtherSession() {
        var a = api.signup("pw");
        var other = api.post("/api/auth/signin", Map.of("login", a.username(), "password", a.password())).json();
        var me = api.as(a.accessToken());
        var wrong = me.put("/api/profile/password", Map.of("current", "not it at all", "next", "a brand new phrase"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.json().path("errors").get(0).path("field").asText()).isEqualTo("current");
        var ok = me.put("/api/profile/password", Map.of("current", a.password(), "next", "a brand new phrase"));
        assertThat(ok.status()).isEqualTo(204);
        assertThat(me.get("/api/profile").status()).isEqualTo(200);
        assertThat(api.as(other.path("accessToken").asText()).get("/api/profile").status()).isEqualTo(401);
        assertThat(api.post("/api/auth/signin", Map.of("login", a.username(), "password", a.password())).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/signin", Map.of("login", a.username(), "password", "a brand new phrase")).status()).isEqualTo(200);
    }

    @Test
    void activityLogListsActionsNewestFirst() {
        var a = api.signup("act");
        var me = api.as(a.accessToken());
        me.put("/api/profile/password", Map.of("current", a.password(), "next", "another long phrase"));
        var items = me.get("/api/activity").json().path("items");
        assertThat(items.get(0).path("kind").asText()).isEqualTo("auth.password_changed");
        assertThat(items.get(items.size() - 1).path("kind").asText()).isEqualTo("account.created");
        var page = me.get("/api/activity?limit=1").json();
        assertThat(page.path("items")).hasSize(1);
        assertThat(me.get("/api/activity?limit=1&before=" + page.path("nextBefore").asText()).json().path("items").get(0).path("kind").asText())
                .isEqualTo("account.created");
    }
}
