package io.juntos.http;

import io.juntos.testing.Api;
import io.juntos.testing.Engine;
import io.juntos.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that Jetty or the router used to answer outside problem+json (the security review's
 * list), sent as raw bytes so nothing on the client side normalises them first.
 */
class EdgeRequestsTest {
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Engine.SQLITE, Map.of());
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The raw response: status line, headers, body. */
    static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) got.write(buf, 0, n);
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // Connection: close ends it; a timeout means the server kept it open
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    static String get(String target, String... headers) throws Exception {
        return request("GET", target, headers);
    }

    static String request(String method, String target, String... headers) throws Exception {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        return raw(sb.append("\r\n").toString());
    }

    static void assertProblem(String response, int status, String code) {
        assertThat(response).as(response).startsWith("HTTP/1.1 " + status);
        assertThat(response.toLowerCase()).as(response).contains("content-type: application/problem+json");
        assertThat(response).as(response).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void aNulInThePathIsAProblemNotAnHtmlPage() throws Exception {
        assertProblem(get("/api/users/a%00b"), 400, "bad_request");
    }

    @Test
    void aUriOverTheLimitIs414Problem() throws Exception {
        assertProblem(get("/api/conversations?x=" + "a".repeat(9000)), 414, "uri_too_long");
    }

    @Test
    void headersOverTheLimitAre431Problem() throws Exception {
        StringBuilder range = new StringBuilder("Range: bytes=");
        for (int i = 0; i < 2000; i++) range.append(i == 0 ? "" : ",").append(i * 10).append('-').append(i * 10 + 5);
        assertProblem(get("/api/media/x", range.toString()), 431, "headers_too_large");
    }

    @Test
    void aMethodTheRouteDoesNotHaveIs405WithAllow() throws Exception {
        String r = request("PATCH", "/api/conversations", "Content-Length: 0");
        assertProblem(r, 405, "method_not_allowed");
        assertThat(r).containsPattern("(?i)allow: [^\\r]*GET");
    }

    @Test
    void headOnTheApiIsRefusedInsteadOfAnsweringUnchecked() throws Exception {
        String r = request("HEAD", "/api/profile");
        assertThat(r).as(r).startsWith("HTTP/1.1 405").containsPattern("(?i)allow: GET");
        assertThat(r.toLowerCase()).contains("content-type: application/problem+json");
    }

    @Test
    void loneSurrogatesAndControlCharactersAreRefusedWithTheField() {
        var a = api.signup("sur");
        var me = api.as(a.accessToken());
        var r = me.put("/api/profile", "{\"fullName\":\"Ana \\ud800 Lima\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("fullName");
        assertThat(r.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_characters");
        var low = me.put("/api/profile", "{\"bio\":\"x\\udc00\"}");
        assertThat(low.status()).isEqualTo(422);
        assertThat(me.get("/api/profile").json().path("fullName").asText()).doesNotContain("?");
    }

    @Test
    void aControlCharacterInAQueryParameterIsRefused() {
        var a = api.signup("qry");
        var r = api.as(a.accessToken()).get("/api/conversations?cursor=%01x");
        assertThat(r.status()).as(r.toString()).isIn(400, 422);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }
}
