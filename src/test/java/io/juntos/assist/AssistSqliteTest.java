package io.juntos.assist;

import io.juntos.testing.Engine;

class AssistSqliteTest extends AssistContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
