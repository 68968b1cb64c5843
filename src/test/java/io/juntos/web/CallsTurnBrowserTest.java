package io.juntos.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.juntos.testing.Api;
import io.juntos.testing.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real coturn (Debian's turnserver) on loopback with {@code use-auth-secret}: two pages forced
 * to relay-only ICE still get media through, which proves the credentials the server hands out
 * are accepted; a wrong password and an expired username get no relay candidate.
 */
class CallsTurnBrowserTest {
    static final String SECRET = "turn-test-secret-" + System.nanoTime();
    static final int TURN_PORT = BrowserHarness.freePort();

    @RegisterExtension
    static final BrowserHarness web = BrowserHarness.sqlite().shotPrefix("calls-turn").fakeMedia()
            .env("JUNTOS_TURN_URLS", "turn:127.0.0.1:" + TURN_PORT + "?transport=udp,turn:127.0.0.1:" + TURN_PORT + "?transport=tcp")
            .env("JUNTOS_TURN_SECRET", SECRET).env("JUNTOS_TURN_TTL", "10m");

    static Process turn;
    static Path dir;

    @BeforeAll
    static void startCoturn() throws Exception {
        Path bin = Path.of("/usr/bin/turnserver");
        Services.require(Files.isExecutable(bin), "coturn (/usr/bin/turnserver) is not installed: apt-get install coturn");
        dir = Files.createTempDirectory("juntos-turn-");
        int relayLow = 49152 + (int) (ProcessHandle.current().pid() % 10_000);
        Path conf = dir.resolve("turnserver.conf");
        Files.writeString(conf, String.join("\n", List.of(
                "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=" + TURN_PORT,
                "min-port=" + relayLow, "max-port=" + (relayLow + 200),
                "use-auth-secret", "static-auth-secret=" + SECRET, "realm=juntos.test", "fingerprint",
                // The pages are on this machine: relaying to loopback is what this test needs (never in production).
                "allow-loopback-peers", "no-cli", "no-tls", "no-dtls", "no-multicast-peers", "no-rfc5780",
                "simple-log", "log-file=" + dir.resolve("turn.log"), "pidfile=" + dir.resolve("turn.pid"))) + "\n");
        turn = new ProcessBuilder(bin.toString(), "-c", conf.toString(), "--no-stdout-log")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", TURN_PORT)) {
                break;
            } catch (java.io.IOException e) {
                if (!turn.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new AssertionError("turnserver did not start: " + Files.readString(dir.resolve("stdout.log")));
                }
                Thread.sleep(100); // waiting for a child process to listen, not for a timeout under test
            }
        }
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (turn != null) {
            turn.destroy();
            if (!turn.waitFor(5, TimeUnit.SECONDS)) turn.destroyForcibly();
        }
    }

    static Page signedIn(People.Person who) {
        BrowserContext ctx = web.context();
        ctx.addInitScript(CallsBrowserTest.collectPeers(true));
        Page page = web.page(ctx, who.fullName());
        People.signIn(page, who);
        return page;
    }

    /** Relay candidates a relay-only connection gathers with these TURN credentials (0 when coturn refuses them). */
    static int relayCandidates(Page page, String username, String credential) {
        Object n = page.evaluate("""
                async ([url, username, credential]) => {
                  const pc = new RTCPeerConnection({ iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: 'relay' });
                  let relays = 0;
                  const done = new Promise((resolve) => {
                    pc.onicecandidate = (e) => { if (!e.candidate) resolve(); else if (e.candidate.type === 'relay') relays++; };
                    setTimeout(resolve, 8000);
                  });
                  pc.createDataChannel('probe');
                  await pc.setLocalDescription();
                  await done;
                  pc.close();
                  return relays;
                }""", List.of("turn:127.0.0.1:" + TURN_PORT + "?transport=udp", username, credential));
        return ((Number) n).intValue();
    }

    static String hmac(String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void relayOnlyCallFlowsThroughCoturnWithTheServersCredentials() throws Exception {
        Api api = web.api();
        People.Person ana = People.create(api, "Ana Turner"), bia = People.create(api, "Bia Relay");
        String conv = ana.api(api).post("/api/conversations/direct", Map.of("username", bia.username())).json().path("id").asText();
        Page a = signedIn(ana), b = signedIn(bia);

        var ice = ana.api(api).get("/api/calls/ice").json().path("iceServers").get(0);
        assertThat(relayCandidates(a, ice.path("username").asText(), ice.path("credential").asText())).as("the server's credential").isPositive();
        assertThat(relayCandidates(a, ice.path("username").asText(), "d3JvbmcgcGFzc3dvcmQ=")).as("a wrong password").isZero();
        String expired = (System.currentTimeMillis() / 1000 - 60) + ":" + ana.id();
        assertThat(relayCandidates(a, expired, hmac(expired))).as("an expired username, correctly signed").isZero();

        a.navigate("/#/chat/" + conv);
        a.locator("[data-testid=call-video]").click();
        b.locator("[data-testid=call-accept]").click();
        for (Page p : List.of(a, b)) {
            var s = CallsBrowserTest.awaitStats(p, x -> CallsBrowserTest.flowing(x, 1) && x.relay() > 0, "media through the relay");
            assertThat(s.relay()).isPositive();
        }
        b.locator("[data-testid=call-hangup]").click();
        assertThat(a.locator("[data-testid=call-screen]")).isHidden();
        web.assertClean();
    }
}
