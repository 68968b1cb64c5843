package io.juntos.auth;

import io.juntos.testing.Engine;

class AccountPostgresTest extends AccountContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
