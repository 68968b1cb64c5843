package io.juntos.http;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A request id on every request: taken from a well-formed {@code X-Request-Id} or made up, echoed
 * in the response, put in the logging context and in problem bodies so a user can quote it.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String ATTR = "juntos.requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private RequestIds() {
    }

    public static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : newId();
        ctx.attribute(ATTR, id);
        ctx.header(HEADER, id);
        MDC.put("req", id);
    }

    public static String current(Context ctx) {
        String id = ctx.attribute(ATTR);
        return id == null ? "-" : id;
    }

    public static String newId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
