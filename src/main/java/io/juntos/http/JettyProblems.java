package io.juntos.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jetty's own error pages (a request Jetty refuses before any route sees it: a URI with {@code %00},
 * one over the URI limit, headers over the header limit) answered as problem+json with a stable
 * code instead of Jetty's text/html. Installed on the server and on the servlet context.
 */
public final class JettyProblems extends ErrorHandler {
    private final ObjectMapper mapper;

    public JettyProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        Map<String, Object> p = new LinkedHashMap<>();
        String code = code(status);
        p.put("type", "/docs/problems#" + code);
        p.put("title", Problems.title(status));
        p.put("status", status);
        p.put("code", code);
        p.put("detail", detail(status));
        p.put("requestId", RequestIds.newId());
        byte[] body = mapper.writeValueAsBytes(p);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 501 -> "not_implemented";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    /** Never Jetty's message: it may echo parts of the request. */
    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed (for example a path with a NUL or an ambiguous encoding).";
            case 414 -> "The URI is too long.";
            case 431 -> "The request headers are too large.";
            case 413 -> "The body is too large.";
            default -> status >= 500 ? "Something went wrong on our side." : "The request could not be handled.";
        };
    }
}
