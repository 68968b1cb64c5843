package io.juntos.conversations;

import io.juntos.http.ApiException;
import io.juntos.store.Ids;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of the conversation list ended: the last item's activity time and id (the list's
 * sort key), opaque to clients. A conversation that becomes active while a client pages moves to
 * the top and so appears on the first page, not again further down (docs/protocol.md "Paging").
 */
record ListCursor(long updatedAt, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((updatedAt + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** null for no cursor (the first page); a 422 naming {@code cursor} for anything not made by {@link #encode}. */
    static ListCursor parse(String raw) {
        if (raw == null || raw.isEmpty()) return null;
        try {
            String s = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.US_ASCII);
            int colon = s.indexOf(':');
            long t = Long.parseLong(s.substring(0, colon));
            String id = s.substring(colon + 1);
            if (t >= 0 && Ids.isWellFormed(id)) return new ListCursor(t, id);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // reported below
        }
        throw ApiException.invalid("cursor", "invalid_cursor", "Not a cursor from a previous page.");
    }
}
