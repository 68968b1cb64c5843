package io.juntos.assist;

import io.juntos.testing.Engine;

class OfflineAssistSqliteTest extends OfflineAssistContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
