package io.juntos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A small HTTP client for tests: JSON in, {@link Res} out, optional bearer token. */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String token;

    public Api(String base) {
        this.base = base;
    }

    public Api as(String accessToken) {
        Api a = new Api(base);
        a.token = accessToken;
        return a;
    }

    public String base() {
        return base;
    }

    public record Res(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public List<String> headerValues(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        /** The problem's machine code, or null. */
        public String code() {
            return json().path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Res get(String path) {
        return send(builder(path).GET());
    }

    public Res delete(String path) {
        return send(builder(path).DELETE());
    }

    public Res post(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").POST(publisher(body)));
    }

    public Res put(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").PUT(publisher(body)));
    }

    /** Sends raw bytes with any content type and headers, for malformed-input tests. */
    public Res raw(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = builder(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    public Res send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        try {
            String s = body instanceof String str ? str : JSON.writeValueAsString(body);
            return HttpRequest.BodyPublishers.ofString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed-up user: id, username, tokens. */
    public record Account(String id, String username, String password, String accessToken, String refreshToken, String sessionId) {
    }

    /** Signs up a fresh user with a unique username; fails the test if sign-up fails. */
    public Account signup(String prefix) {
        String username = (prefix + SEQ.incrementAndGet() + Long.toString(System.nanoTime() % 100000, 36)).toLowerCase();
        if (username.length() > 32) username = username.substring(0, 32);
        String password = "long enough secret " + username;
        Res r = post("/api/auth/signup", Map.of("fullName", "Test " + prefix, "username", username,
                "email", username + "@example.org", "password", password));
        if (r.status() != 201) throw new AssertionError("signup failed: " + r);
        JsonNode j = r.json();
        return new Account(j.path("user").path("id").asText(), username, password, j.path("accessToken").asText(),
                j.path("refreshToken").asText(), j.path("sessionId").asText());
    }
}
