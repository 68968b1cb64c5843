package io.juntos.assist;

import io.juntos.testing.Engine;

class AssistPostgresTest extends AssistContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
