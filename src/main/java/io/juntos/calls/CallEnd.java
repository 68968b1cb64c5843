package io.juntos.calls;

/** A call that just ended, why, and how long it lasted once answered (0 when it never was). */
record CallEnd(CallView call, Reason reason, long durationMs) {
    enum Reason {
        /** Everyone left, or a participant ended it for all. */
        ENDED("ended"),
        /** Nobody answered within the ring timeout. */
        MISSED("missed"),
        /** The person called declined. */
        DECLINED("declined"),
        /** The caller hung up before anyone answered (the person called sees a missed call). */
        CANCELLED("cancelled");

        final String wire;

        Reason(String wire) {
            this.wire = wire;
        }
    }
}
