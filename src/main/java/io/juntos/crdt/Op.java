package io.juntos.crdt;

/**
 * An operation as it travels in an update: it owns the ids
 * {@code (replica, counter .. counter+length()-1)} of its author's counter space.
 */
sealed interface Op permits Op.RunOp, MarkOp, RegisterOp {
    int replica();

    int counter();

    int length();

    /**
     * Characters inserted by one replica left to right. {@code content} is null for a run
     * that was already deleted when encoded (its text is not shipped).
     */
    record RunOp(int replica, int counter, int length, int leftRep, int leftCtr, int rightRep, int rightCtr,
                 String content) implements Op {

        /** The same run without its first {@code n} characters (already known to the receiver). */
        RunOp dropFirst(int n) {
            return new RunOp(replica, counter + n, length - n, replica, counter + n - 1, rightRep, rightCtr,
                    content == null ? null : content.substring(n));
        }
    }
}
