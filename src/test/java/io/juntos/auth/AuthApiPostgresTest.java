package io.juntos.auth;

import io.juntos.testing.Engine;

class AuthApiPostgresTest extends AuthApiContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
