package io.juntos.push;

import io.juntos.testing.Engine;

class PushSqliteTest extends PushContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
