package io.juntos.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Serves the web client (ES modules under {@code /web} in the jar) at {@code /}, and the
 * third-party modules it imports from their WebJars at {@code /vendor/<name>/} (a path without
 * the version, so the client's imports do not change when the pom's version does). Client routes
 * are hash-based; an unknown path loaded by a browser gets the app's page with 404, and the app
 * shows its not-found view. HTML is never cached so that a new jar's
 * modules are picked up on reload.
 */
public final class WebFeature {
    /** npm packages served from {@code org.webjars.npm} jars on the classpath. */
    private static final String[] VENDOR = {"lit-html", "emojilib"};

    private WebFeature() {
    }

    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        for (String name : VENDOR) {
            String dir = "/META-INF/resources/webjars/" + name + "/" + webJarVersion(name);
            config.staticFiles.add(files -> {
                files.hostedPath = "/vendor/" + name;
                files.directory = dir;
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
        }
    }

    /**
     * Whether an unknown path should get the app's own not-found page: a browser's page load
     * (GET or HEAD accepting HTML) of a path outside {@code /api/}, {@code /ws} and the vendor files.
     */
    public static boolean wantsAppPage(io.javalin.http.Context ctx) {
        String method = ctx.method().name();
        String path = ctx.path();
        String accept = ctx.header("Accept");
        return (method.equals("GET") || method.equals("HEAD")) && accept != null && accept.contains("text/html")
                && !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/ws") && !path.startsWith("/vendor/");
    }

    /** Answers 404 with the app's page: the client sees a path it does not serve and shows its not-found view. */
    public static void writeAppPage(io.javalin.http.Context ctx) {
        ctx.status(404).contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(indexHtml());
    }

    private static byte[] indexHtml() {
        try (InputStream in = WebFeature.class.getResourceAsStream("/web/index.html")) {
            if (in == null) throw new IllegalStateException("/web/index.html is not on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of an npm WebJar on the classpath, from the pom.properties Maven puts in it. */
    static String webJarVersion(String name) {
        String path = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = WebFeature.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("WebJar org.webjars.npm:" + name + " is not on the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
