package io.juntos.oidc;

import io.juntos.testing.Engine;

class OidcFlowSqliteTest extends OidcFlowContract {
    @Override
    Engine engine() {
        return Engine.SQLITE;
    }
}
