package io.juntos.conversations;

import io.juntos.testing.Engine;

class KillRestartPostgresTest extends KillRestartContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
