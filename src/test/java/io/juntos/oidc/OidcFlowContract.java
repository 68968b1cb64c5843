package io.juntos.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole provider flow over real HTTP: a Juntos server and an in-process OpenID Connect provider
 * (mock-oauth2-server, which signs real ID tokens and serves discovery and JWKS). Each test drives
 * one or more "browsers" through start → provider → callback. Run once per SQL engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OidcFlowContract {
    static final String CLIENT = "juntos-test-client";
    MockOAuth2Server idp;
    TestServer server;
    Api api;
    String base;

    abstract Engine engine();

    @BeforeAll
    void start() {
        idp = new MockOAuth2Server();
        idp.start();
        warmUp(idp, "mock", "fb");
        server = TestServer.start(engine(), providerEnv(idp, freePort(), Map.of()));
        base = server.baseUrl();
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (idp != null) idp.shutdown();
    }

    /**
     * Makes the provider create each issuer's signing key and serve its documents once before the
     * tests: on a loaded machine that first answer can outlast Juntos' 10 s read timeout, which
     * would be a correct "provider unreachable" but not the test's subject.
     */
    static void warmUp(MockOAuth2Server idp, String... issuers) {
        var http = java.net.http.HttpClient.newHttpClient();
        for (String issuer : issuers) {
            for (var url : List.of(idp.wellKnownUrl(issuer), idp.jwksUrl(issuer))) {
                try {
                    http.send(java.net.http.HttpRequest.newBuilder(url.uri()).timeout(java.time.Duration.ofSeconds(60)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    throw new IllegalStateException("the test provider does not answer", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** mock: OpenID Connect by discovery; fb: OAuth 2.0 with a user endpoint (as Facebook); down: nobody listens. */
    static Map<String, String> providerEnv(MockOAuth2Server idp, int port, Map<String, String> extra) {
        String origin = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>(Map.of("JUNTOS_PORT", Integer.toString(port), "JUNTOS_PUBLIC_URL", origin,
                "JUNTOS_ALLOWED_ORIGINS", origin));
        env.putAll(Map.of("JUNTOS_OIDC_MOCK_ISSUER", idp.issuerUrl("mock").toString(), "JUNTOS_OIDC_MOCK_CLIENT_ID", CLIENT,
                "JUNTOS_OIDC_MOCK_CLIENT_SECRET", "mock-secret", "JUNTOS_OIDC_MOCK_NAME", "Mock ID"));
        env.putAll(Map.of("JUNTOS_OIDC_FB_TYPE", "oauth2", "JUNTOS_OIDC_FB_AUTHORIZATION_URL", idp.authorizationEndpointUrl("fb").toString(),
                "JUNTOS_OIDC_FB_TOKEN_URL", idp.tokenEndpointUrl("fb").toString(), "JUNTOS_OIDC_FB_USERINFO_URL", idp.userInfoUrl("fb").toString(),
                "JUNTOS_OIDC_FB_CLIENT_ID", CLIENT, "JUNTOS_OIDC_FB_CLIENT_SECRET", "fb-secret", "JUNTOS_OIDC_FB_NAME", "Facebook",
                "JUNTOS_OIDC_FB_SCOPES", "openid email")); // the test provider insists on openid; Facebook takes what it is given
        env.putAll(Map.of("JUNTOS_OIDC_DOWN_ISSUER", "http://127.0.0.1:" + freePort() + "/down", "JUNTOS_OIDC_DOWN_CLIENT_ID", CLIENT,
                "JUNTOS_OIDC_DOWN_CLIENT_SECRET", "down-secret"));
        env.putAll(extra);
        return env;
    }

    // ---- helpers ----------------------------------------------------------------------------

    static DefaultOAuth2TokenCallback as(String subject, Map<String, Object> claims) {
        return new DefaultOAuth2TokenCallback("mock", subject, "JWT", List.of(CLIENT), claims, 3600);
    }

    static String sub() {
        return "sub-" + UUID.randomUUID();
    }

    /** Start → provider (which answers at once) → callback. Returns the callback's redirect. */
    Browser.Res through(Browser b, String provider, String purpose, DefaultOAuth2TokenCallback who) {
        Browser.Res provided = toProvider(b, provider, purpose);
        if (who != null) idp.enqueueCallback(who);
        return b.visit(provided.location());
    }

    /** Start → provider; returns the provider's redirect back to our callback (not yet followed). */
    Browser.Res toProvider(Browser b, String provider, String purpose) {
        Browser.Res started = b.start(provider, purpose);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        Browser.Res provided = b.visit(started.json().path("authorizationUrl").asText());
        assertThat(provided.status()).as("provider redirect").isEqualTo(302);
        assertThat(provided.location()).startsWith(b.base() + "/api/auth/oidc/" + provider + "/callback?");
        return provided;
    }

    /** After a successful callback: the refresh cookie gives a grant, as after a password sign-in. */
    JsonNode grantOf(Browser b) {
        Browser.Res r = b.post("/api/auth/refresh", "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    JsonNode signedIn(Browser b, String provider, DefaultOAuth2TokenCallback who) {
        Browser.Res cb = through(b, provider, "signin", who);
        assertThat(cb.status()).isEqualTo(303);
        assertThat(cb.location()).as("redirect").isEqualTo("/#/oidc/done");
        return grantOf(b);
    }

    Api.Res sessionsOf(String accessToken) {
        return api.as(accessToken).get("/api/auth/sessions");
    }

    String signinPassword(Api.Account a) {
        var r = api.post("/api/auth/signin", Map.of("login", a.username(), "password", a.password()));
        assertThat(r.status()).isEqualTo(200);
        return r.json().path("accessToken").asText();
    }

    static String withQueryParam(String url, String name, String value) {
        return url.replaceAll("([?&])" + name + "=[^&]*", "$1" + name + "=" + value);
    }

    // ---- sign-up and sign-in ----------------------------------------------------------------

    @Test
    void firstSigninCreatesAnAccountWithTheProposedUsernameAndVerifiedEmail() {
        String uname = "maria." + Long.toString(System.nanoTime() % 1_000_000, 36);
        var grant = signedIn(new Browser(base), "mock", as(sub(),
                Map.of("preferred_username", uname, "name", "Maria Silva", "email", uname + "@idp.example", "email_verified", true)));
        JsonNode user = grant.path("user");
        assertThat(user.path("username").asText()).isEqualTo(uname);
        assertThat(user.path("fullName").asText()).isEqualTo("Maria Silva");
        assertThat(user.path("email").asText()).isEqualTo(uname + "@idp.example");
        String token = grant.path("accessToken").asText();
        var ids = api.as(token).get("/api/profile/identities").json();
        assertThat(ids.path("hasPassword").asBoolean()).isFalse();
        assertThat(ids.path("identities").get(0).path("provider").asText()).isEqualTo("mock");
        assertThat(ids.path("identities").get(0).path("displayName").asText()).isEqualTo("Mock ID");
        var kinds = api.as(token).get("/api/activity").json().path("items").findValuesAsText("kind");
        assertThat(kinds).contains("account.created");
    }

    @Test
    void signingInAgainReturnsTheSameAccountWithSessionsRefreshAndActivityAsForPasswords() {
        String subject = sub();
        var claims = Map.<String, Object>of("name", "Rui Costa " + subject.substring(4, 10));
        var first = signedIn(new Browser(base), "mock", as(subject, claims));
        Browser laptop = new Browser(base);
        var second = signedIn(laptop, "mock", as(subject, claims));
        assertThat(second.path("user").path("id").asText()).isEqualTo(first.path("user").path("id").asText());
        assertThat(second.path("sessionId").asText()).isNotEqualTo(first.path("sessionId").asText());
        String token = second.path("accessToken").asText();
        assertThat(sessionsOf(token).json().path("sessions")).hasSize(2);
        // Refresh rotation: the cookie the callback set works once; re-use revokes the session.
        String cookie = laptop.cookie("juntos_refresh");
        var rotated = grantOf(laptop);
        assertThat(rotated.path("sessionId").asText()).isEqualTo(second.path("sessionId").asText());
        var reuse = api.post("/api/auth/refresh", Map.of("refreshToken", cookie));
        assertThat(reuse.code()).isEqualTo("refresh_reused");
        var activity = api.as(first.path("accessToken").asText()).get("/api/activity").json().path("items");
        assertThat(activity.findValuesAsText("kind")).contains("auth.signin", "auth.refresh_reuse_detected");
        assertThat(activity.findValues("via").stream().map(JsonNode::asText)).contains("mock");
    }

    @Test
    void unverifiedEmailIsNotPutOnANewAccount() {
        var grant = signedIn(new Browser(base), "mock", as(sub(),
                Map.of("name", "Ines Unverified", "email", "ines." + System.nanoTime() + "@idp.example", "email_verified", false)));
        var me = api.as(grant.path("accessToken").asText()).get("/api/profile").json();
        assertThat(me.path("email").isNull() || me.path("email").isMissingNode()).as(me.toString()).isTrue();
    }

    @Test
    void takenUsernameLetsThePersonChooseAnother() {
        var existing = api.signup("taken");
        Browser b = new Browser(base);
        String subject = sub();
        var cb = through(b, "mock", "signin", as(subject, Map.of("preferred_username", existing.username(), "name", "Second Person")));
        assertThat(cb.location()).isEqualTo("/#/oidc/username");
        var pending = b.get("/api/auth/oidc/pending");
        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.json().path("displayName").asText()).isEqualTo("Mock ID");
        String suggestion = pending.json().path("suggestion").asText();
        // The preferred username is taken; the next proposal (from the name) is offered instead.
        assertThat(suggestion).isEqualTo("second.person");
        var clash = b.post("/api/auth/oidc/pending", "{\"username\":\"" + existing.username() + "\"}");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().path("code").asText()).isEqualTo("username_taken");
        var bad = b.post("/api/auth/oidc/pending", "{\"username\":\"no spaces allowed\"}");
        assertThat(bad.status()).isEqualTo(422);
        var created = b.post("/api/auth/oidc/pending", "{\"username\":\"" + suggestion + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("user").path("username").asText()).isEqualTo(suggestion);
        assertThat(b.cookie("juntos_refresh")).isNotBlank();
        // The pending sign-up is gone, and the provider account now signs in to the new account.
        assertThat(b.get("/api/auth/oidc/pending").status()).isEqualTo(410);
        var again = signedIn(new Browser(base), "mock", as(subject, Map.of()));
        assertThat(again.path("user").path("username").asText()).isEqualTo(suggestion);
    }

    @Test
    void pendingStepWithoutAFlowSaysItExpired() {
        var r = new Browser(base).get("/api/auth/oidc/pending");
        assertThat(r.status()).isEqualTo(410);
        assertThat(r.json().path("code").asText()).isEqualTo("flow_expired");
        var p = new Browser(base).post("/api/auth/oidc/pending", "{\"username\":\"whoever\"}");
        assertThat(p.status()).isEqualTo(410);
    }

    // ---- no takeover ------------------------------------------------------------------------

    @Test
    void unverifiedEmailMatchingAnAccountNeverSignsIntoIt() {
        var owner = api.signup("owner");
        Browser b = new Browser(base);
        var cb = through(b, "mock", "signin", as(sub(), Map.of("email", owner.username() + "@example.org", "email_verified", false)));
        assertThat(cb.location()).startsWith("/#/signin?").contains("oidc_error=account_exists", "provider=mock");
        assertThat(b.cookie("juntos_refresh")).isNull();
        assertThat(sessionsOf(owner.accessToken()).json().path("sessions")).hasSize(1);
        assertThat(api.as(owner.accessToken()).get("/api/profile/identities").json().path("identities")).isEmpty();
    }

    @Test
    void verifiedEmailMatchingAnAccountAlsoAsksForThePasswordFirst() {
        var owner = api.signup("vowner");
        Browser b = new Browser(base);
        var cb = through(b, "mock", "signin", as(sub(), Map.of("email", owner.username().toUpperCase() + "@EXAMPLE.org", "email_verified", true)));
        assertThat(cb.param("oidc_error")).isEqualTo("account_exists");
        assertThat(b.cookie("juntos_refresh")).isNull();
        assertThat(sessionsOf(owner.accessToken()).json().path("sessions")).hasSize(1);
    }

    // ---- link and unlink --------------------------------------------------------------------

    @Test
    void linkThenSignInWithTheProviderThenUnlink() {
        var owner = api.signup("linker");
        String subject = sub();
        Browser b = new Browser(base).signedInWith(owner.accessToken());
        var linked = through(b, "mock", "link", as(subject, Map.of("email", "linker@idp.example", "email_verified", true)));
        assertThat(linked.location()).isEqualTo("/#/profile?linked=mock");
        var ids = api.as(owner.accessToken()).get("/api/profile/identities").json();
        assertThat(ids.path("hasPassword").asBoolean()).isTrue();
        assertThat(ids.path("identities").get(0).path("email").asText()).isEqualTo("linker@idp.example");

        var viaProvider = signedIn(new Browser(base), "mock", as(subject, Map.of()));
        assertThat(viaProvider.path("user").path("id").asText()).isEqualTo(owner.id());

        assertThat(api.as(owner.accessToken()).delete("/api/profile/identities/mock").status()).isEqualTo(204);
        assertThat(api.as(owner.accessToken()).delete("/api/profile/identities/mock").status()).isEqualTo(404);
        var kinds = api.as(owner.accessToken()).get("/api/activity").json().path("items").findValuesAsText("kind");
        assertThat(kinds).contains("auth.provider_linked", "auth.provider_unlinked");
        // Unlinked: the same provider account now makes a new account of its own.
        var fresh = signedIn(new Browser(base), "mock", as(subject, Map.of("name", "Someone New")));
        assertThat(fresh.path("user").path("id").asText()).isNotEqualTo(owner.id());
    }

    @Test
    void providerAccountLinkedToSomeoneElseIsRefused() {
        String subject = sub();
        var first = signedIn(new Browser(base), "mock", as(subject, Map.of("name", "First Owner")));
        var other = api.signup("other");
        Browser b = new Browser(base).signedInWith(other.accessToken());
        var cb = through(b, "mock", "link", as(subject, Map.of()));
        assertThat(cb.location()).startsWith("/#/profile?").contains("oidc_error=identity_taken");
        assertThat(api.as(other.accessToken()).get("/api/profile/identities").json().path("identities")).isEmpty();
        assertThat(first.path("user").path("id").asText()).isNotEqualTo(other.id());
    }

    @Test
    void linkingNeedsASignedInUser() {
        var r = new Browser(base).start("mock", "link");
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void providerOnlyAccountKeepsItsLastCredentialUntilItSetsAPassword() {
        var grant = signedIn(new Browser(base), "mock", as(sub(), Map.of("name", "Only Provider")));
        String token = grant.path("accessToken").asText();
        var refused = api.as(token).delete("/api/profile/identities/mock");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("last_credential");
        assertThat(api.as(token).put("/api/profile/password", Map.of("next", "a brand new passphrase")).status()).isEqualTo(204);
        assertThat(api.as(token).get("/api/profile/identities").json().path("hasPassword").asBoolean()).isTrue();
        assertThat(api.as(token).delete("/api/profile/identities/mock").status()).isEqualTo(204);
        var pw = api.post("/api/auth/signin", Map.of("login", grant.path("user").path("username").asText(), "password", "a brand new passphrase"));
        assertThat(pw.status()).isEqualTo(200);
        // Now a password exists, changing it needs the current one.
        var noCurrent = api.as(token).put("/api/profile/password", Map.of("next", "yet another passphrase"));
        assertThat(noCurrent.status()).isEqualTo(422);
    }

    @Test
    void aDeletedProviderAccountIsUnlinkedSoTheProviderSignsInToANewAccount() {
        String subject = sub();
        var grant = signedIn(new Browser(base), "mock", as(subject, Map.of("name", "Gone Soon")));
        String token = grant.path("accessToken").asText();
        String userId = grant.path("user").path("id").asText();
        var noPassword = api.as(token).post("/api/profile/delete", Map.of("password", "anything at all"));
        assertThat(noPassword.status()).isEqualTo(422);
        assertThat(noPassword.json().path("errors").get(0).path("field").asText()).isEqualTo("password");
        assertThat(noPassword.json().path("errors").get(0).path("code").asText()).isEqualTo("password_required");
        assertThat(api.as(token).put("/api/profile/password", Map.of("next", "a brand new passphrase")).status()).isEqualTo(204);
        // Two accounts without e-mail can both change their username (each keeps its own "no e-mail" key).
        var other = signedIn(new Browser(base), "mock", as(sub(), Map.of("name", "No Mail Either")));
        String otherToken = other.path("accessToken").asText();
        assertThat(api.as(otherToken).put("/api/profile/password", Map.of("next", "another long passphrase")).status()).isEqualTo(204);
        String n1 = "gone" + Long.toString(System.nanoTime() % 100_000, 36);
        assertThat(api.as(token).put("/api/profile/login", Map.of("password", "a brand new passphrase", "username", n1)).status()).isEqualTo(200);
        assertThat(api.as(otherToken).put("/api/profile/login", Map.of("password", "another long passphrase", "username", n1 + "b")).status())
                .isEqualTo(200);
        assertThat(api.as(token).post("/api/profile/delete", Map.of("password", "a brand new passphrase")).status()).isEqualTo(204);
        var again = signedIn(new Browser(base), "mock", as(subject, Map.of("name", "Back Again")));
        assertThat(again.path("user").path("id").asText()).as("a new account, not the tombstone").isNotEqualTo(userId);
        assertThat(again.path("user").path("fullName").asText()).isEqualTo("Back Again");
    }

    @Test
    void providerOnlyAccountCannotSignInWithAnEmptyPassword() {
        var grant = signedIn(new Browser(base), "mock", as(sub(), Map.of("name", "Empty Pass")));
        var r = api.post("/api/auth/signin", Map.of("login", grant.path("user").path("username").asText(), "password", "x"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_credentials");
    }

    // ---- refusals ---------------------------------------------------------------------------

    @Test
    void tamperedStateIsRefused() {
        Browser b = new Browser(base);
        var provided = toProvider(b, "mock", "signin");
        var cb = b.visit(withQueryParam(provided.location(), "state", "tampered" + UUID.randomUUID().toString().replace("-", "")));
        assertThat(cb.status()).isEqualTo(303);
        assertThat(cb.param("oidc_error")).isEqualTo("state_mismatch");
        assertThat(b.cookie("juntos_refresh")).isNull();
    }

    @Test
    void stateFromAnotherBrowserIsRefused() {
        Browser victim = new Browser(base);
        var provided = toProvider(new Browser(base), "mock", "signin");
        var cb = victim.visit(provided.location());
        assertThat(cb.param("oidc_error")).isEqualTo("state_mismatch");
        Browser other = new Browser(base);
        other.setCookie("juntos_oidc", OidcService.random(32));
        assertThat(other.visit(provided.location()).param("oidc_error")).isEqualTo("state_mismatch");
    }

    @Test
    void replayedCodeIsRefused() {
        Browser b = new Browser(base);
        var provided = toProvider(b, "mock", "signin");
        idp.enqueueCallback(as(sub(), Map.of("name", "Replay Target")));
        var first = b.visit(provided.location());
        assertThat(first.location()).isEqualTo("/#/oidc/done");
        String token = grantOf(b).path("accessToken").asText();
        var replay = b.visit(provided.location());
        assertThat(replay.param("oidc_error")).isEqualTo("flow_used");
        assertThat(sessionsOf(token).json().path("sessions")).hasSize(1);
    }

    @Test
    void wrongNonceIsRefused() {
        refusedToken(as(sub(), Map.of("nonce", "not-the-nonce-we-sent")));
    }

    @Test
    void idTokenFromAnotherIssuerIsRefused() {
        refusedToken(as(sub(), Map.of("iss", "https://evil.example/")));
    }

    @Test
    void idTokenForAnotherAudienceIsRefused() {
        refusedToken(as(sub(), Map.of("aud", List.of("some-other-client"))));
    }

    @Test
    void expiredIdTokenIsRefused() {
        refusedToken(new DefaultOAuth2TokenCallback("mock", sub(), "JWT", List.of(CLIENT), Map.of(), -600));
    }

    private void refusedToken(DefaultOAuth2TokenCallback who) {
        Browser b = new Browser(base);
        var cb = through(b, "mock", "signin", who);
        assertThat(cb.param("oidc_error")).as(cb.location()).isEqualTo("token_invalid");
        assertThat(b.cookie("juntos_refresh")).isNull();
    }

    @Test
    void expiredFlowIsRefused() {
        try (TestServer quick = TestServer.start(engine(), providerEnv(idp, freePort(), Map.of("JUNTOS_OIDC_FLOW_TTL", "1ms")))) {
            Browser b = new Browser(quick.baseUrl());
            var provided = toProvider(b, "mock", "signin");
            var cb = b.visit(provided.location());
            assertThat(cb.location()).isEqualTo("/#/signin?oidc_error=flow_expired&provider=mock");
            assertThat(b.cookie("juntos_refresh")).isNull();
        }
    }

    @Test
    void consentRefusedAtTheProviderIsExplained() {
        Browser b = new Browser(base);
        var provided = toProvider(b, "mock", "signin");
        String state = new Browser.Res(0, provided.location(), "", null).param("state");
        var cb = b.visit("/api/auth/oidc/mock/callback?error=access_denied&state=" + state);
        assertThat(cb.location()).isEqualTo("/#/signin?oidc_error=consent_refused&provider=mock");
        // The flow is spent: the code that came with it cannot be used after all.
        assertThat(b.visit(provided.location()).param("oidc_error")).isEqualTo("flow_used");
    }

    @Test
    void unreachableProviderIsA503WithAClearMessage() {
        var r = new Browser(base).start("down", "signin");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("code").asText()).isEqualTo("provider_unreachable");
        assertThat(r.json().path("detail").asText()).contains("Down").contains("can't be reached");
    }

    @Test
    void unknownProviderAndBadPurposeAreProblems() {
        assertThat(new Browser(base).start("nosuch", "signin").status()).isEqualTo(404);
        var bad = new Browser(base).start("mock", "steal");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("purpose");
        assertThat(new Browser(base).visit("/api/auth/oidc/nosuch/callback?code=x&state=y").status()).isEqualTo(404);
    }

    @Test
    void callbackWithoutStateIsRefused() {
        var cb = new Browser(base).visit("/api/auth/oidc/mock/callback?code=abc");
        assertThat(cb.param("oidc_error")).isEqualTo("state_mismatch");
    }

    @Test
    void providersAreListedForTheSignInPage() {
        var r = api.get("/api/auth/providers");
        assertThat(r.json().path("providers").findValuesAsText("name")).containsExactly("down", "fb", "mock");
        assertThat(r.json().path("providers").findValuesAsText("displayName")).contains("Mock ID", "Facebook");
        assertThat(r.body()).doesNotContain("secret");
    }

    // ---- OAuth 2.0 with a user endpoint (Facebook) ------------------------------------------

    @Test
    void facebookStyleProviderSignsInThroughItsUserEndpointAndItsEmailIsNeverTrusted() {
        var owner = api.signup("fbowner");
        Browser b = new Browser(base);
        var provided = toProvider(b, "fb", "signin");
        assertThat(provided.location()).doesNotContain("nonce");
        String subject = sub();
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("fb", subject, "JWT", List.of(CLIENT),
                Map.of("name", "Fabio Book", "email", "fabio." + System.nanoTime() + "@fb.example", "email_verified", true), 3600));
        var cb = b.visit(provided.location());
        assertThat(cb.location()).isEqualTo("/#/oidc/done");
        var grant = grantOf(b);
        assertThat(grant.path("user").path("fullName").asText()).isEqualTo("Fabio Book");
        assertThat(grant.path("user").path("email").isNull() || grant.path("user").path("email").isMissingNode()).isTrue();
        // And an e-mail it claims that belongs to someone is refused like any other.
        Browser c = new Browser(base);
        var p2 = toProvider(c, "fb", "signin");
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("fb", sub(), "JWT", List.of(CLIENT),
                Map.of("email", owner.username() + "@example.org", "email_verified", true), 3600));
        assertThat(c.visit(p2.location()).param("oidc_error")).isEqualTo("account_exists");
    }
}
