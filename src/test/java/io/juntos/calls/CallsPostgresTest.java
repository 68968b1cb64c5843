package io.juntos.calls;

import io.juntos.testing.Engine;

class CallsPostgresTest extends CallsContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
