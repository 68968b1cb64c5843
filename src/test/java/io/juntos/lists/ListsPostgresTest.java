package io.juntos.lists;

import io.juntos.testing.Engine;

class ListsPostgresTest extends ListsContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }

    /** A second node on the same schema: it loads the list from the store (this one keeps the schema alive). */
    @Override
    io.juntos.testing.TestServer restarted() {
        var node = io.juntos.testing.TestServer.with(Engine.POSTGRES).clock(clock).nodeOf(server).start();
        others.add(node);
        return node;
    }
}
