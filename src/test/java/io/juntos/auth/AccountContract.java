package io.juntos.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account beyond sign-in, over real HTTP, once per SQL engine: another person's profile (only
 * for people who share a conversation), changing username and e-mail with the password again,
 * signing out every other session, and deleting the account (a tombstone: the other person's
 * direct conversation stays readable, the messages read "Deleted account").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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

    private Api as(Api.Account a) {
        return api.as(a.accessToken());
    }

    private String direct(Api.Account a, Api.Account b) {
        Api.Res r = as(a).post("/api/conversations/direct", Map.of("userId", b.id()));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r.json().path("id").asText();
    }

    private static boolean hasError(Api.Res r, String field, String code) {
        for (JsonNode e : r.json().path("errors")) {
            if (e.path("field").asText().equals(field) && e.path("code").asText().equals(code)) return true;
        }
        return false;
    }

    @Test
    void personIsVisibleOnlyToSomeoneWhoSharesAConversation() {
        var ana = api.signup("pana");
        var bea = api.signup("pbea");
        assertThat(as(ana).get("/api/people/" + bea.id()).status()).as("a stranger").isEqualTo(404);
        assertThat(as(ana).get("/api/people/01HZZZZZZZZZZZZZZZZZZZZZZZ").status()).as("nobody").isEqualTo(404);
        assertThat(as(ana).get("/api/people/" + "x".repeat(300)).status()).isEqualTo(404);
        assertThat(api.get("/api/people/" + bea.id()).status()).as("signed out").isEqualTo(401);
        Api.Res self = as(ana).get("/api/people/" + ana.id());
        assertThat(self.status()).isEqualTo(200);
        direct(ana, bea);
        Api.Res seen = as(ana).get("/api/people/" + bea.id());
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().path("username").asText()).isEqualTo(bea.username());
        assertThat(seen.json().path("fullName").asText()).isEqualTo("Test pbea");
        assertThat(seen.json().path("deleted").asBoolean()).isFalse();
        assertThat(seen.json().has("email")).as("no e-mail for others").isFalse();
    }

    @Test
    void changingUsernameAndEmailAsksForThePasswordAndNamesTheField() {
        var cai = api.signup("lcai");
        var dan = api.signup("ldan");
        String newName = "c" + cai.username();
        Api.Res wrong = as(cai).put("/api/profile/login", Map.of("password", "not my password", "username", newName));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(hasError(wrong, "password", "wrong_password")).as(wrong.toString()).isTrue();
        Api.Res taken = as(cai).put("/api/profile/login", Map.of("password", cai.password(), "username", dan.username().toUpperCase()));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(hasError(taken, "username", "username_taken")).as(taken.toString()).isTrue();
        Api.Res emailTaken = as(cai).put("/api/profile/login", Map.of("password", cai.password(), "email", dan.username() + "@EXAMPLE.org"));
        assertThat(emailTaken.status()).isEqualTo(409);
        assertThat(hasError(emailTaken, "email", "email_taken")).as(emailTaken.toString()).isTrue();
        Api.Res bad = as(cai).put("/api/profile/login", Map.of("password", cai.password(), "username", "no spaces", "email", "nope"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(hasError(bad, "username", "invalid_username")).as(bad.toString()).isTrue();
        assertThat(hasError(bad, "email", "invalid_email")).as(bad.toString()).isTrue();
        Api.Res nul = as(cai).put("/api/profile/login", Map.of("password", cai.password(), "username", "ab\u0000cd"));
        assertThat(nul.status()).isEqualTo(422);
        Api.Res nothing = as(cai).put("/api/profile/login", Map.of("password", cai.password()));
        assertThat(nothing.status()).isEqualTo(422);
        Api.Res extra = as(cai).put("/api/profile/login", Map.of("password", cai.password(), "username", newName, "role", "admin"));
        assertThat(extra.status()).as("unknown fields are refused").isEqualTo(400);
        assertThat(hasError(extra, "role", "unknown_field")).isTrue();

        Api.Res ok = as(cai).put("/api/profile/login", Map.of("password", cai.password(), "username", newName.toUpperCase(),
                "email", newName + "@example.net"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().path("username").asText()).isEqualTo(newName);
        assertThat(ok.json().path("email").asText()).isEqualTo(newName + "@example.net");
        assertThat(api.post("/api/auth/signin", Map.of("login", newName, "password", cai.password())).status()).isEqualTo(200);
        assertThat(api.post("/api/auth/signin", Map.of("login", newName + "@example.net", "password", cai.password())).status()).isEqualTo(200);
        assertThat(api.post("/api/auth/signin", Map.of("login", cai.username(), "password", cai.password())).status()).isEqualTo(401);
        // The old username is free again.
        assertThat(api.post("/api/auth/signup", Map.of("fullName", "Other", "username", cai.username(), "email", cai.username() + "@other.org",
                "password", "another long secret")).status()).isEqualTo(201);
    }

    @Test
    void signingOutOtherSessionsKeepsOnlyThisOne() {
        var eli = api.signup("seli");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(api.post("/api/auth/signin", Map.of("login", eli.username(), "password", eli.password())).json().path("accessToken").asText());
        }
        Api.Res r = as(eli).delete("/api/auth/sessions");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("revoked").asInt()).isEqualTo(3);
        for (String token : others) assertThat(api.as(token).get("/api/profile").status()).isEqualTo(401);
        assertThat(as(eli).get("/api/profile").status()).isEqualTo(200);
        assertThat(as(eli).get("/api/auth/sessions").json().path("sessions")).hasSize(1);
        assertThat(api.delete("/api/auth/sessions").status()).isEqualTo(401);
    }

    @Test
    void deletingTheAccountErasesItButTheOtherPersonStillReadsTheConversation() throws Exception {
        var fay = api.signup("dfay");
        var gus = api.signup("dgus");
        String avatarId = uploadAvatar(fay);
        assertThat(as(fay).put("/api/profile", Map.of("avatarUrl", "/api/media/" + avatarId, "bio", "hello")).status()).isEqualTo(200);
        String conv = direct(fay, gus);
        for (String text : List.of("hi Gus", "see you")) {
            assertThat(as(fay).post("/api/conversations/" + conv + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text))
                    .status()).isIn(200, 201);
        }
        String otherSession = api.post("/api/auth/signin", Map.of("login", fay.username(), "password", fay.password())).json().path("accessToken").asText();
        assertThat(mediaFiles(avatarId)).as("the avatar is stored").isNotEmpty();

        Api.Res wrong = as(fay).post("/api/profile/delete", Map.of("password", "not it at all"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(hasError(wrong, "password", "wrong_password")).isTrue();
        assertThat(as(fay).post("/api/profile/delete", Map.of()).status()).isEqualTo(422);
        assertThat(as(fay).get("/api/profile").status()).as("a refused deletion changes nothing").isEqualTo(200);

        Api.Res gone = as(fay).post("/api/profile/delete", Map.of("password", fay.password()));
        assertThat(gone.status()).as(gone.toString()).isEqualTo(204);
        assertThat(gone.header("Set-Cookie").orElse("")).contains("Max-Age=0");
        assertThat(as(fay).get("/api/profile").status()).as("this session").isEqualTo(401);
        assertThat(api.as(otherSession).get("/api/profile").status()).as("every session").isEqualTo(401);
        assertThat(api.post("/api/auth/signin", Map.of("login", fay.username(), "password", fay.password())).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/signin", Map.of("login", fay.username() + "@example.org", "password", fay.password())).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", Map.of("refreshToken", fay.refreshToken())).status()).isEqualTo(401);

        // Gus still reads the conversation; its messages are the deleted account's.
        Api.Res msgs = as(gus).get("/api/conversations/" + conv + "/messages");
        assertThat(msgs.status()).as(msgs.toString()).isEqualTo(200);
        assertThat(msgs.body()).contains("hi Gus", "see you");
        Api.Res person = as(gus).get("/api/people/" + fay.id());
        assertThat(person.status()).isEqualTo(200);
        assertThat(person.json().path("fullName").asText()).isEqualTo("Deleted account");
        assertThat(person.json().path("deleted").asBoolean()).isTrue();
        assertThat(person.json().path("username").isMissingNode() || person.json().path("username").isNull()).as("username").isTrue();
        assertThat(person.json().path("avatarUrl").isMissingNode() || person.json().path("avatarUrl").isNull()).as("avatarUrl").isTrue();
        assertThat(person.json().path("bio").isMissingNode() || person.json().path("bio").isNull()).as("bio").isTrue();
        Api.Res c = as(gus).get("/api/conversations/" + conv);
        assertThat(c.body()).contains("Deleted account").doesNotContain(fay.username());
        // The uploads are gone: no record, no file.
        assertThat(as(gus).get("/api/media/" + avatarId).status()).isEqualTo(404);
        assertThat(mediaFiles(avatarId)).as("files of the avatar").isEmpty();
        // The username and e-mail can be used again.
        assertThat(api.post("/api/auth/signup", Map.of("fullName", "New Fay", "username", fay.username(), "email", fay.username() + "@example.org",
                "password", "another long secret")).status()).isEqualTo(201);
    }

    @Test
    void anAccountWithoutPasswordIsAskedToSetOneBeforeDeleting() {
        var hal = api.signup("dhal");
        Api.Res nul = as(hal).post("/api/profile/delete", Map.of("password", "x\u0000y"));
        assertThat(nul.status()).isEqualTo(422);
        Api.Res tooLong = as(hal).post("/api/profile/delete", Map.of("password", "x".repeat(129)));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(as(hal).get("/api/profile").status()).isEqualTo(200);
    }

    private String uploadAvatar(Api.Account a) throws IOException, InterruptedException {
        var img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, 0xff0000);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        byte[] bytes = out.toByteArray();
        Api.Res t = as(a).post("/api/media/uploads", Map.of("fileName", "me.png", "contentType", "image/png", "size", bytes.length, "purpose", "avatar"));
        assertThat(t.status()).as(t.toString()).isEqualTo(201);
        var up = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()).resolve(t.json().path("uploadUrl").asText()))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(204);
        String id = t.json().path("mediaId").asText();
        assertThat(as(a).post("/api/media/" + id + "/complete", Map.of()).status()).isEqualTo(200);
        return id;
    }

    /** Files under the data folder whose path names the media id (originals and thumbnails). */
    private List<Path> mediaFiles(String id) throws IOException {
        try (Stream<Path> s = Files.walk(server.dataDir())) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().contains(id)).toList();
        }
    }
}
