package io.juntos.assist;

import io.juntos.testing.Engine;

class OfflineAssistPostgresTest extends OfflineAssistContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
