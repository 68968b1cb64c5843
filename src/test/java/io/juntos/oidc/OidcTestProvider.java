package io.juntos.oidc;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/** The in-process provider's helpers that tests outside this package use. */
public final class OidcTestProvider {
    private OidcTestProvider() {
    }

    /** See {@link OidcFlowContract#warmUp}. */
    public static void warmUp(MockOAuth2Server idp, String... issuers) {
        OidcFlowContract.warmUp(idp, issuers);
    }
}
