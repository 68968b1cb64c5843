package io.juntos.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.juntos.testing.Api;
import io.juntos.testing.Api.Account;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import io.juntos.testing.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web Push end to end against a push service of the test's own that checks VAPID and decrypts
 * RFC 8291 payloads with each device's keys. Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PushContract {
    static final ObjectMapper JSON = new ObjectMapper();
    FakePushService pushService;
    TestServer server;
    Api api;

    abstract Engine engine();

    @BeforeAll
    void start() throws Exception {
        pushService = new FakePushService();
        server = TestServer.start(engine(), Map.of("JUNTOS_PUSH_ALLOW_HTTP", "true", "JUNTOS_PUSH_RETRY_BASE", "100ms",
                "JUNTOS_VAPID_SUBJECT", "mailto:ops@example.org"));
        api = server.api();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (pushService != null) pushService.close();
    }

    Api as(Account a) {
        return api.as(a.accessToken());
    }

    FakePushService.Device subscribe(Account a, String name) throws Exception {
        FakePushService.Device d = pushService.device(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        Api.Res r = as(a).post("/api/push/subscriptions", Map.of("endpoint", d.endpoint(),
                "keys", Map.of("p256dh", d.p256dh(), "auth", d.authSecret()), "label", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return d;
    }

    String group(Account owner, Account... members) {
        JsonNode g = as(owner).post("/api/conversations/groups", Map.of("name", "Crew")).json();
        for (Account m : members) {
            assertThat(as(m).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
        }
        return g.path("id").asText();
    }

    void send(Account a, String conversationId, String text) {
        Api.Res r = as(a).post("/api/conversations/" + conversationId + "/messages", Map.of("clientMsgId", UUID.randomUUID().toString(), "text", text));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    String name(Account a) {
        JsonNode me = as(a).get("/api/profile").json();
        String full = me.path("fullName").asText("");
        return full.isBlank() ? a.username() : full;
    }

    List<JsonNode> payloads(FakePushService.Device d) {
        return pushService.payloadsFor(d.name()).stream().map(s -> {
            try {
                return JSON.readTree(s);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    List<String> bodies(FakePushService.Device d) {
        return payloads(d).stream().map(p -> p.path("body").asText()).toList();
    }

    @Test
    void membersWithoutAVisibleSocketGetTheMessageOnEveryDeviceAndNobodyElseDoes() throws Exception {
        Account alice = api.signup("al");
        Account bob = api.signup("bo");
        Account carol = api.signup("ca");
        String conv = group(alice, bob, carol);
        var aliceDevice = subscribe(alice, "alice-phone");
        var bobPhone = subscribe(bob, "bob-phone");
        var bobLaptop = subscribe(bob, "bob-laptop");
        var carolPhone = subscribe(carol, "carol-phone");
        try (var carolTab = WsTestClient.live(server.baseUrl(), carol.accessToken())) {
            send(alice, conv, "Dinner at 8? 🍝");
            eventually("bob's two devices", () -> payloads(bobPhone).size() == 1 && payloads(bobLaptop).size() == 1);
            JsonNode p = payloads(bobPhone).getFirst();
            assertThat(p.path("title").asText()).isEqualTo("Crew");
            assertThat(p.path("body").asText()).isEqualTo(name(alice) + ": Dinner at 8? 🍝");
            assertThat(p.path("url").asText()).isEqualTo("/#/chat/" + conv);
            assertThat(pushService.received).allSatisfy(r -> assertThat(r.vapidKey()).isEqualTo(as(alice).get("/api/push").json().path("publicKey").asText()));
            // Carol's tab goes to the background: the next message reaches her phone, the first one never did.
            carolTab.ack("push.visibility", Map.of("visible", false));
            send(alice, conv, "second");
            eventually("carol's phone", () -> !payloads(carolPhone).isEmpty());
            assertThat(bodies(carolPhone)).containsExactly(name(alice) + ": second");
        }
        assertThat(payloads(aliceDevice)).as("the sender is not notified of her own message").isEmpty();
        assertThat(pushService.refused).isEmpty();
    }

    @Test
    void membershipChangesReachThePushRecipientsAtOnce() throws Exception {
        Account alice = api.signup("al");
        Account bob = api.signup("bo");
        Account dave = api.signup("da");
        JsonNode g = as(alice).post("/api/conversations/groups", Map.of("name", "Crew")).json();
        String conv = g.path("id").asText();
        assertThat(as(bob).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
        var bobPhone = subscribe(bob, "bob-phone");
        var davePhone = subscribe(dave, "dave-phone");
        // The first message fills the cached member list (alice, bob).
        send(alice, conv, "first");
        eventually("bob's phone", () -> payloads(bobPhone).size() == 1);
        // Bob leaves and Dave joins: the cached list must not outlive either change.
        assertThat(as(bob).post("/api/conversations/" + conv + "/leave", Map.of()).status()).isLessThan(300);
        assertThat(as(dave).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
        send(alice, conv, "second");
        eventually("dave's phone", () -> payloads(davePhone).size() == 1);
        assertThat(bodies(davePhone)).containsExactly(name(alice) + ": second");
        // Sentinel: Bob joins again and gets the third; a push of the second would have been queued before it.
        assertThat(as(bob).post("/api/conversations/join", Map.of("code", g.path("joinCode").asText())).status()).isEqualTo(201);
        send(alice, conv, "third");
        eventually("bob's phone, third", () -> payloads(bobPhone).size() >= 2);
        assertThat(bodies(bobPhone)).containsExactly(name(alice) + ": first", name(alice) + ": third");
    }

    @Test
    void roomInviteReachesTheInviteesDevicesAndOpensTheRoom() throws Exception {
        Account host = api.signup("rh");
        Account guest = api.signup("rg");
        var phone = subscribe(guest, "guest-phone");
        var hostPhone = subscribe(host, "host-phone");
        JsonNode made = as(host).post("/api/rooms", Map.of("name", "Movie night")).json();
        String roomId = made.path("room").path("id").asText();
        try (var tab = WsTestClient.live(server.baseUrl(), guest.accessToken())) {
            tab.ack("push.visibility", Map.of("visible", false)); // only a hidden tab: the person is not looking
            Api.Res r = as(host).post("/api/rooms/" + roomId + "/invites", Map.of("username", guest.username()));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            tab.awaitEvent("room.invited", d -> d.path("room").path("id").asText().equals(roomId));
            eventually("the guest's phone", () -> payloads(phone).size() == 1);
        }
        JsonNode p = payloads(phone).getFirst();
        assertThat(p.path("title").asText()).isEqualTo("Movie night");
        assertThat(p.path("body").asText()).isEqualTo(name(host) + " invited you to watch together");
        assertThat(p.path("url").asText()).isEqualTo("/#/rooms/" + roomId);
        assertThat(p.path("tag").asText()).isEqualTo("room." + roomId);
        assertThat(payloads(hostPhone)).as("the inviter is not notified").isEmpty();
    }

    @Test
    void mutedConversationsAndHiddenTextAreRespected() throws Exception {
        Account alice = api.signup("al");
        Account bob = api.signup("bo");
        Account carol = api.signup("ca");
        String conv = group(alice, bob, carol);
        var bobPhone = subscribe(bob, "bob-phone");
        var carolPhone = subscribe(carol, "carol-phone");
        assertThat(as(bob).put("/api/push/mutes/" + conv, Map.of()).status()).isEqualTo(200);
        assertThat(as(bob).get("/api/push").json().path("mutes").get(0).asText()).isEqualTo("conv." + conv);
        send(alice, conv, "while muted");
        // Pushes are decided off the send path: Carol's copy proves Bob's was decided while he was muted.
        eventually("carol's phone", () -> !payloads(carolPhone).isEmpty());
        assertThat(as(bob).delete("/api/push/mutes/" + conv).status()).isEqualTo(200);
        assertThat(as(bob).put("/api/push/settings", Map.of("hideText", true)).json().path("hideText").asBoolean()).isTrue();
        send(alice, conv, "the secret plan");
        eventually("bob's phone", () -> !payloads(bobPhone).isEmpty());
        // Sentinel: the later message arrived, the muted one never did; and its text stayed home.
        assertThat(bodies(bobPhone)).containsExactly("New message");
        assertThat(pushService.payloadsFor(bobPhone.name()).getFirst()).doesNotContain("secret plan", "while muted");
    }

    @Test
    void goneSubscriptionsAreDeletedAndFailuresRetried() throws Exception {
        Account alice = api.signup("al");
        Account bob = api.signup("bo");
        Account carol = api.signup("ca");
        String conv = group(alice, bob, carol);
        var gone = subscribe(bob, "gone");
        var missing = subscribe(bob, "missing");
        var flaky = subscribe(carol, "flaky");
        pushService.answer.put(gone.name(), 410);
        pushService.answer.put(missing.name(), 404);
        pushService.failFirst.put(flaky.name(), new java.util.concurrent.atomic.AtomicInteger(2));
        assertThat(as(bob).get("/api/push/subscriptions").json().path("items")).hasSize(2);
        send(alice, conv, "anyone?");
        eventually("dead subscriptions removed", () -> as(bob).get("/api/push/subscriptions").json().path("items").isEmpty());
        eventually("the flaky device got it on the third try", () -> bodies(flaky).contains(name(alice) + ": anyone?"));
        // The server records the success once the push service has answered, just after the device has the payload.
        eventually("the flaky device's success recorded", () -> as(carol).get("/api/push/subscriptions").json().path("items").get(0).hasNonNull("lastSuccessAt"));
    }

    @Test
    void subscriptionsAreListedPerDeviceAndRemovableOnlyByTheirOwner() throws Exception {
        Account bob = api.signup("bo");
        Account eve = api.signup("ev");
        var phone = subscribe(bob, "phone");
        // Subscribing the same device again updates it instead of adding a second one.
        Api.Res again = as(bob).post("/api/push/subscriptions", Map.of("endpoint", phone.endpoint(),
                "keys", Map.of("p256dh", phone.p256dh(), "auth", phone.authSecret())));
        assertThat(again.status()).isEqualTo(200);
        JsonNode items = as(bob).get("/api/push/subscriptions").json().path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("service").asText()).isEqualTo("127.0.0.1");
        assertThat(items.get(0).has("endpoint")).isFalse();
        assertThat(items.get(0).hasNonNull("lastSuccessAt")).as("no push delivered yet").isFalse();
        String id = items.get(0).path("id").asText();
        assertThat(as(eve).delete("/api/push/subscriptions/" + id).status()).isEqualTo(404);
        assertThat(as(bob).delete("/api/push/subscriptions/" + id).status()).isEqualTo(204);
        assertThat(as(bob).get("/api/push/subscriptions").json().path("items")).isEmpty();
    }

    @Test
    void badSubscriptionsAndForeignMutesAreRefused() {
        Account bob = api.signup("bo");
        Account alice = api.signup("al");
        String conv = group(alice);
        Api.Res badKeys = as(bob).post("/api/push/subscriptions", Map.of("endpoint", "https://push.example/x",
                "keys", Map.of("p256dh", "AAAA", "auth", "short")));
        assertThat(badKeys.status()).isEqualTo(422);
        assertThat(badKeys.body()).contains("keys.p256dh", "keys.auth");
        Api.Res badUrl = as(bob).post("/api/push/subscriptions", Map.of("endpoint", "file:///etc/passwd",
                "keys", Map.of("p256dh", "BAAA", "auth", "AAAAAAAAAAAAAAAAAAAAAA")));
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.body()).contains("endpoint");
        assertThat(as(bob).put("/api/push/mutes/" + conv, Map.of()).status()).isEqualTo(404);
        assertThat(as(bob).put("/api/push/mutes/not-an-id", Map.of()).status()).isEqualTo(404);
        assertThat(as(bob).put("/api/push/settings", Map.of()).status()).isEqualTo(422);
        assertThat(api.get("/api/push").status()).isEqualTo(401);
    }
}
