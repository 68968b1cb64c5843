package io.juntos.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 document, assembled from one fragment per feature ({@code openapi/<feature>.json},
 * each holding {@code paths} and {@code components}), so a feature documents its routes next to
 * them. Also records every route the app registers, which a test compares with the document.
 */
public final class ApiDocs {
    private final ObjectMapper mapper;
    private final ObjectNode doc;
    private final Set<String> registered = Collections.synchronizedSet(new TreeSet<>());
    private byte[] rendered;

    public ApiDocs(ObjectMapper mapper) {
        this.mapper = mapper;
        this.doc = (ObjectNode) load("openapi/base.json");
    }

    /** Merges one feature's fragment from the classpath. */
    public ApiDocs add(String resource) {
        JsonNode frag = load(resource);
        merge((ObjectNode) doc.withObject("/paths"), frag.path("paths"));
        JsonNode comps = frag.path("components");
        comps.fieldNames().forEachRemaining(section -> merge((ObjectNode) doc.withObject("/components").withObject("/" + section), comps.get(section)));
        rendered = null;
        return this;
    }

    /** Records an HTTP endpoint; before/after filters and HEAD/OPTIONS are not API operations. */
    public void recordRoute(String method, String path) {
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method.toUpperCase(java.util.Locale.ROOT))) return;
        registered.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
    }

    /** Every registered route as "METHOD /path", in order. */
    public List<String> registeredRoutes() {
        synchronized (registered) {
            return new ArrayList<>(registered);
        }
    }

    /** Every documented operation as "METHOD /path". */
    public List<String> documentedRoutes() {
        List<String> out = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(m)) {
                out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
            }
        }));
        return out;
    }

    public void install(RoutesConfig routes) {
        routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(bytes()));
    }

    private synchronized byte[] bytes() throws IOException {
        if (rendered == null) rendered = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        return rendered;
    }

    private static void merge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(e -> {
            if (into.has(e.getKey())) throw new IllegalStateException("OpenAPI entry documented twice: " + e.getKey());
            into.set(e.getKey(), e.getValue());
        });
    }

    private JsonNode load(String resource) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing OpenAPI fragment " + resource);
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable OpenAPI fragment " + resource, e);
        }
    }
}
