package io.juntos.oidc;

import io.juntos.testing.Engine;

class OidcFlowPostgresTest extends OidcFlowContract {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
