package io.juntos.conversations;

import io.juntos.testing.Engine;

class GroupCommitSqliteTest extends GroupCommitContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
