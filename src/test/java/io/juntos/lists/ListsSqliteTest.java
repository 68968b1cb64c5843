package io.juntos.lists;

import io.juntos.testing.Engine;

class ListsSqliteTest extends ListsContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
