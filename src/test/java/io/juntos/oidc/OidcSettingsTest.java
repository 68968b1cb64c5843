package io.juntos.oidc;

import io.juntos.config.ConfigException;
import io.juntos.config.Env;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider configuration: presets, and bad settings that stop start-up naming the variable. */
class OidcSettingsTest {
    private static Env env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new Env(m);
    }

    private static void refused(String variable, String... kv) {
        assertThatThrownBy(() -> OidcSettings.from(env(kv))).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable));
    }

    @Test
    void noVariablesMeansNoProviders() {
        assertThat(OidcSettings.from(env()).providers()).isEmpty();
    }

    @Test
    void googleAndFacebookNeedOnlyAClientIdAndSecret() {
        var s = OidcSettings.from(env("JUNTOS_OIDC_GOOGLE_CLIENT_ID", "g", "JUNTOS_OIDC_GOOGLE_CLIENT_SECRET", "top-secret-value",
                "JUNTOS_OIDC_FACEBOOK_CLIENT_ID", "f", "JUNTOS_OIDC_FACEBOOK_CLIENT_SECRET", "fs"));
        var fb = s.providers().get(0);
        var google = s.providers().get(1);
        assertThat(google.name()).isEqualTo("google");
        assertThat(google.displayName()).isEqualTo("Google");
        assertThat(google.kind()).isEqualTo(OidcSettings.Kind.OIDC);
        assertThat(google.issuer()).hasToString("https://accounts.google.com");
        assertThat(google.scopes()).containsExactly("openid", "email", "profile");
        assertThat(fb.kind()).isEqualTo(OidcSettings.Kind.OAUTH2);
        assertThat(fb.userinfoUrl().toString()).contains("graph.facebook.com").contains("fields=id,name,email");
        assertThat(fb.scopes()).containsExactly("email", "public_profile");
        assertThat(google.toString()).doesNotContain("top-secret-value");
    }

    @Test
    void anyProviderByIssuerWithItsOwnNameAndScopes() {
        var s = OidcSettings.from(env("JUNTOS_OIDC_KEYCLOAK_ISSUER", "https://id.example.org/realms/team", "JUNTOS_OIDC_KEYCLOAK_CLIENT_ID", "j",
                "JUNTOS_OIDC_KEYCLOAK_CLIENT_SECRET", "s", "JUNTOS_OIDC_KEYCLOAK_NAME", "Team login", "JUNTOS_OIDC_KEYCLOAK_SCOPES", "openid email"));
        var p = s.providers().getFirst();
        assertThat(p.name()).isEqualTo("keycloak");
        assertThat(p.displayName()).isEqualTo("Team login");
        assertThat(p.scopes()).containsExactly("openid", "email");
    }

    @Test
    void badSettingsNameTheVariable() {
        refused("JUNTOS_OIDC_KC_CLIENT_ID", "JUNTOS_OIDC_KC_ISSUER", "https://id.example.org");
        refused("JUNTOS_OIDC_KC_CLIENT_SECRET", "JUNTOS_OIDC_KC_ISSUER", "https://id.example.org", "JUNTOS_OIDC_KC_CLIENT_ID", "x");
        refused("JUNTOS_OIDC_KC_ISSUER", "JUNTOS_OIDC_KC_CLIENT_ID", "x", "JUNTOS_OIDC_KC_CLIENT_SECRET", "y");
        refused("JUNTOS_OIDC_KC_ISSUER", "JUNTOS_OIDC_KC_ISSUER", "http://id.example.org", "JUNTOS_OIDC_KC_CLIENT_ID", "x", "JUNTOS_OIDC_KC_CLIENT_SECRET", "y");
        refused("JUNTOS_OIDC_KC_SCOPES", "JUNTOS_OIDC_KC_ISSUER", "https://id.example.org", "JUNTOS_OIDC_KC_CLIENT_ID", "x",
                "JUNTOS_OIDC_KC_CLIENT_SECRET", "y", "JUNTOS_OIDC_KC_SCOPES", "email profile");
        refused("JUNTOS_OIDC_KC_TYPE", "JUNTOS_OIDC_KC_TYPE", "saml", "JUNTOS_OIDC_KC_CLIENT_ID", "x", "JUNTOS_OIDC_KC_CLIENT_SECRET", "y");
        refused("JUNTOS_OIDC_GOOGLE_CLIENTID", "JUNTOS_OIDC_GOOGLE_CLIENTID", "typo");
        refused("JUNTOS_OIDC_MY-IDP_ISSUER", "JUNTOS_OIDC_MY-IDP_ISSUER", "https://x.example");
        refused("JUNTOS_OIDC_FLOW_TTL", "JUNTOS_OIDC_FLOW_TTL", "soon");
    }

    @Test
    void badProviderSettingStopsTheServerNamingTheVariable() {
        assertThatThrownBy(() -> io.juntos.testing.TestServer.start(io.juntos.testing.Engine.SQLITE, Map.of(
                "JUNTOS_OIDC_GITLAB_ISSUER", "ftp://gitlab.example.org", "JUNTOS_OIDC_GITLAB_CLIENT_ID", "x", "JUNTOS_OIDC_GITLAB_CLIENT_SECRET", "y")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("JUNTOS_OIDC_GITLAB_ISSUER: must be an https URL");
    }

    @Test
    void plainHttpIsAllowedOnlyOnLoopback() {
        var s = OidcSettings.from(env("JUNTOS_OIDC_DEV_ISSUER", "http://127.0.0.1:8081/realms/dev", "JUNTOS_OIDC_DEV_CLIENT_ID", "x",
                "JUNTOS_OIDC_DEV_CLIENT_SECRET", "y"));
        assertThat(s.providers().getFirst().issuer().getHost()).isEqualTo("127.0.0.1");
    }
}
