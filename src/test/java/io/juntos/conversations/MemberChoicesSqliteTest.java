package io.juntos.conversations;

import io.juntos.testing.Engine;

class MemberChoicesSqliteTest extends MemberChoicesContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
