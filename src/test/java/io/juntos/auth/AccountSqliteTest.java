package io.juntos.auth;

import io.juntos.testing.Engine;

class AccountSqliteTest extends AccountContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
