package io.juntos.calls;

/**
 * Where a call happens: a conversation (direct or group) or a watch-party room. Membership of the
 * scope decides who may see, join and signal in its call.
 */
record Scope(Kind kind, String id) {
    enum Kind {
        CONVERSATION("conversation"), ROOM("room");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        static Kind parse(String s) {
            if (s != null) for (Kind k : values()) if (k.wire.equals(s)) return k;
            return null;
        }
    }
}
