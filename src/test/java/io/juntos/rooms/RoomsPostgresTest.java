package io.juntos.rooms;

import io.juntos.testing.Engine;

class RoomsPostgresTest extends RoomsContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
