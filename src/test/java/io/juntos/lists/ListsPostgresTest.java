package io.juntos.lists;

import io.juntos.testing.Engine;

class ListsPostgresTest extends ListsContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
