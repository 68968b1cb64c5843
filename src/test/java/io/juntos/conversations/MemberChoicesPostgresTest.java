package io.juntos.conversations;

import io.juntos.testing.Engine;

class MemberChoicesPostgresTest extends MemberChoicesContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
