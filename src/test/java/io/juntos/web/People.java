package io.juntos.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.juntos.testing.Api;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Seeded people with readable names (they show up in screenshots), and signing them in through the UI. */
final class People {
    private static final AtomicInteger SEQ = new AtomicInteger();

    record Person(String id, String username, String fullName, String password, String accessToken) {
        Api api(Api base) {
            return base.as(accessToken);
        }
    }

    private People() {
    }

    static Person create(Api api, String fullName) {
        String first = fullName.split(" ")[0].toLowerCase();
        String username = first + "." + Long.toString(System.nanoTime() % 46656, 36) + SEQ.incrementAndGet();
        String password = "long enough secret for " + username;
        Api.Res r = api.post("/api/auth/signup", Map.of("fullName", fullName, "username", username,
                "email", username + "@example.org", "password", password));
        if (r.status() != 201) throw new AssertionError("signup failed: " + r);
        JsonNode j = r.json();
        return new Person(j.path("user").path("id").asText(), username, fullName, password, j.path("accessToken").asText());
    }

    /** Signs in through the sign-in screen and waits for the chat list. */
    static void signIn(Page page, Person p) {
        page.navigate("/#/signin");
        page.getByLabel("Username or email", new Page.GetByLabelOptions().setExact(true)).fill(p.username());
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(p.password());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page).hasURL(Pattern.compile("#/chats$"));
    }
}
