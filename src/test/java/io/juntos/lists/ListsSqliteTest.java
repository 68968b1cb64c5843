package io.juntos.lists;

import io.juntos.testing.Engine;

class ListsSqliteTest extends ListsContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }

    /** The same data folder (SQLite file and token key) in a new server, once this one has stopped. */
    @Override
    io.juntos.testing.TestServer restarted() {
        server.close();
        var next = io.juntos.testing.TestServer.with(Engine.SQLITE).clock(clock).env("JUNTOS_LISTS_COMPACT_EVERY", "10").env("JUNTOS_DATA_DIR", server.dataDir().toString()).start();
        server = next;
        api = next.api();
        return next;
    }
}
