package io.juntos.rooms;

import io.juntos.testing.Engine;

class RoomStreamSqliteTest extends RoomStreamContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
