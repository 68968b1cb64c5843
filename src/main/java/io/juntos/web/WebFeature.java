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
 * are hash-based, so no server-side fallback is needed. HTML is never cached so that a new jar's
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
