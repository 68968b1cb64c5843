package io.juntos.push;

import io.juntos.testing.Engine;

class PushPostgresTest extends PushContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
