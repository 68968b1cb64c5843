package io.juntos.calls;

import io.juntos.testing.Engine;

class CallsSqliteTest extends CallsContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
