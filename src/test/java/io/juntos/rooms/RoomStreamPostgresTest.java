package io.juntos.rooms;

import io.juntos.testing.Engine;

class RoomStreamPostgresTest extends RoomStreamContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
