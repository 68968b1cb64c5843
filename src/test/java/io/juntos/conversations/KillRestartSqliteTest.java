package io.juntos.conversations;

import io.juntos.testing.Engine;

class KillRestartSqliteTest extends KillRestartContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
