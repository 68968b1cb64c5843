package io.juntos.gateway;

import java.util.List;

/**
 * The frame types one feature owns ({@code message.*}, {@code room.*}, or exact names), handed out
 * by {@link Gateway#family}. Registering a type outside the claimed families fails at start, so a
 * feature cannot take another's frames by accident.
 */
public final class FrameFamily {
    private final Gateway gateway;
    private final String owner;
    private final List<String> families;

    FrameFamily(Gateway gateway, String owner, List<String> families) {
        this.gateway = gateway;
        this.owner = owner;
        this.families = families;
    }

    static boolean covers(String family, String type) {
        return family.endsWith(".") ? type.startsWith(family) && type.length() > family.length() : type.equals(family);
    }

    /** Registers a request handler; its return value becomes the ack, an {@code ApiException} the error frame. */
    public <T> FrameFamily on(String type, Class<T> dataType, Gateway.Handler<T> handler) {
        gateway.on(checked(type), dataType, handler, null);
        return this;
    }

    /**
     * Registers a handler that waits on something slow (an AI endpoint, a remote HTTP call): it runs
     * on a virtual thread, off the socket's reader, and its ack is sent when it returns, so the
     * requests after it are not held up. Requests with the same {@code order} key run one after
     * another in arrival order (e.g. key by conversation); different keys run concurrently.
     * At most {@code JUNTOS_WS_MAX_SLOW_PENDING} per connection wait at once ({@code too_many_pending}).
     */
    public <T> FrameFamily onSlow(String type, Class<T> dataType, Gateway.OrderKey<T> order, Gateway.Handler<T> handler) {
        gateway.on(checked(type), dataType, handler, order);
        return this;
    }

    private String checked(String type) {
        if (families.stream().noneMatch(f -> covers(f, type))) {
            throw new IllegalStateException(owner + " registers frame type '" + type + "' outside its families " + families);
        }
        return type;
    }
}
