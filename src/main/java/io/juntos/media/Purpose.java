package io.juntos.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What an upload is for, which decides who may read it: an attachment is readable by whoever may
 * read its parent (a message, a todo item, a playlist entry; its owner until attached); an avatar
 * by every signed-in user.
 */
public enum Purpose {
    ATTACHMENT, AVATAR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Purpose of(String value) {
        for (Purpose p : values()) {
            if (p.wire().equals(value)) return p;
        }
        throw MediaErrors.invalidPurpose();
    }
}
