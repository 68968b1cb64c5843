package io.juntos.auth;

import io.juntos.testing.Engine;

class AuthApiSqliteTest extends AuthApiContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
