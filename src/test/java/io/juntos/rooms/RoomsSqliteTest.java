package io.juntos.rooms;

import io.juntos.testing.Engine;

class RoomsSqliteTest extends RoomsContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
