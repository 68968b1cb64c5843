package io.juntos.conversations;

import io.juntos.testing.Engine;

class ConversationsPostgresTest extends ConversationsContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
