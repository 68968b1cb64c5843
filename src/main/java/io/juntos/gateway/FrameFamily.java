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
        if (families.stream().noneMatch(f -> covers(f, type))) {
            throw new IllegalStateException(owner + " registers frame type '" + type + "' outside its families " + families);
        }
        gateway.on(type, dataType, handler);
        return this;
    }
}
