package io.juntos.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One browser as the provider flow sees it, over plain HTTP: its own cookies (the flow binding and
 * the refresh cookie), redirects followed by hand so each step can be inspected or tampered with.
 */
final class Browser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> cookies = new HashMap<>();
    private String accessToken;

    Browser(String base) {
        this.base = base;
    }

    record Res(int status, String location, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** A query parameter of the redirect target (its fragment's query for client routes). */
        String param(String name) {
            String q = location.contains("?") ? location.substring(location.indexOf('?') + 1) : "";
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals(name)) return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
            return null;
        }
    }

    String base() {
        return base;
    }

    Browser signedInWith(String token) {
        this.accessToken = token;
        return this;
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** POST start; returns the provider URL to go to. */
    Res start(String provider, String purpose) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/auth/oidc/" + provider + "/start"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"purpose\":\"" + purpose + "\"}")), true);
    }

    /** Visits a URL (the provider's or ours) without following redirects. */
    Res visit(String url) {
        return send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? base + url : url)).GET(), url.startsWith(base) || url.startsWith("/"));
    }

    Res post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), true);
    }

    Res get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), true);
    }

    private Res send(HttpRequest.Builder b, boolean ours) {
        if (ours) {
            if (accessToken != null) b.header("Authorization", "Bearer " + accessToken);
            if (!cookies.isEmpty()) {
                b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (ours) {
                for (String c : r.headers().allValues("Set-Cookie")) {
                    String pair = c.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String value = pair.substring(eq + 1);
                    if (value.isEmpty() || c.contains("Max-Age=0")) cookies.remove(pair.substring(0, eq));
                    else cookies.put(pair.substring(0, eq), value);
                }
            }
            return new Res(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
