package io.juntos.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps every failure to RFC 9457 {@code application/problem+json}, in one place. Unexpected
 * exceptions become a 500 that reveals nothing but the request id; they are logged once, here.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) allow(ctx, e.getDetails().get("availableMethods"));
            if (e.getStatus() == 404 && io.juntos.web.WebFeature.wantsAppPage(ctx)) io.juntos.web.WebFeature.writeAppPage(ctx);
            else write(ctx, fromJavalin(e));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), io.juntos.store.SqlErrors.scrub(e));
            write(ctx, new ApiException(500, "internal_error", "Something went wrong on our side. Quote request id " + RequestIds.current(ctx) + "."));
        });
        routes.error(404, ctx -> {
            if (isProblem(ctx) || isAppPage(ctx)) return;
            // A person who typed or followed a wrong link sees the app's own page, not JSON; /api/* stays problem+json.
            if (io.juntos.web.WebFeature.wantsAppPage(ctx)) io.juntos.web.WebFeature.writeAppPage(ctx);
            else write(ctx, new ApiException(404, "not_found", "There is nothing at " + ctx.path() + "."));
        });
        routes.error(405, ctx -> {
            if (!isProblem(ctx)) write(ctx, new ApiException(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path() + "."));
        });
    }

    public void write(Context ctx, ApiException e) {
        ctx.status(e.status());
        if (e.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        if (e.status() == 401) ctx.header("WWW-Authenticate", "Bearer");
        try {
            ctx.contentType(CONTENT_TYPE).result(mapper.writeValueAsBytes(body(ctx, e)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static Map<String, Object> body(Context ctx, ApiException e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "/docs/problems#" + e.code());
        p.put("title", title(e.status()));
        p.put("status", e.status());
        p.put("code", e.code());
        p.put("detail", e.detail());
        if (!e.errors().isEmpty()) p.put("errors", e.errors());
        p.put("instance", ctx.path());
        p.put("requestId", RequestIds.current(ctx));
        return p;
    }

    /** RFC 9110 §15.5.6: a 405 names the methods the resource has. */
    private static void allow(Context ctx, String available) {
        if (available == null) return;
        String methods = available.replaceAll("[\\[\\]\\s]", "");
        if (!methods.isEmpty()) ctx.header("Allow", methods.replace(",", ", "));
    }

    private static boolean isAppPage(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith("text/html");
    }

    private static boolean isProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith(CONTENT_TYPE);
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> new ApiException(404, "not_found", "Not found.");
            case 405 -> new ApiException(405, "method_not_allowed", "Method not allowed.");
            case 413 -> ApiException.tooLarge("The body is too large.");
            case 415 -> ApiException.unsupportedMediaType("Unsupported content type.");
            default -> new ApiException(e.getStatus(), e.getStatus() >= 500 ? "internal_error" : "bad_request", e.getMessage());
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            case 507 -> "Insufficient Storage";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
