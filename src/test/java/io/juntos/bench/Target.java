package io.juntos.bench;

import java.util.List;

/** A server under test: started by the benchmark, prepared for the scenario, measured, stopped. */
sealed interface Target extends AutoCloseable permits JuntosTarget, SocketIoTarget {
    String name();

    Wire wire();

    /** The members of {@code clients} clients in rooms of {@code groupSize}; room of member i is i / groupSize. */
    List<Member> prepare(int clients, int groupSize) throws Exception;

    /** Heap in use right after a forced full GC, and the process's resident set. */
    Memory memory() throws Exception;

    /** CPU time the server process has used so far, in milliseconds. */
    long cpuMillis();

    /** One line on how the server runs (settings that matter to the figures). */
    String settings();

    record Memory(long heapBytes, long rssBytes) {
    }
}
