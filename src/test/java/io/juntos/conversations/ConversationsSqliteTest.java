package io.juntos.conversations;

import io.juntos.testing.Engine;

class ConversationsSqliteTest extends ConversationsContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
