package io.juntos.conversations;

import io.juntos.testing.Engine;

class GroupCommitPostgresTest extends GroupCommitContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
